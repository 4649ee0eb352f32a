import { ErrorCode } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { isUUID } from 'class-validator';
import { Link, useParams } from 'react-router';
import { Spinner } from '../../../components/Spinner';
import { ApiError } from '../../../lib/api-error';
import { sheetQuery } from '../api/spreadsheets.api';
import { SheetView } from '../sheet/SheetView';

export function SpreadsheetPage() {
  const { id = '' } = useParams();
  // A mistyped or truncated link is not a sheet: it gets the not-found page, not the server's "id must be a UUID".
  const wellFormed = isUUID(id);
  const sheet = useQuery({ ...sheetQuery(id), enabled: wellFormed });

  const missing = !wellFormed || (sheet.error instanceof ApiError && (sheet.error.code === ErrorCode.NotFound || sheet.error.code === ErrorCode.ValidationFailed));
  if (missing || sheet.error) {
    return (
      <section className="page page--centered">
        <h1>{missing ? 'Spreadsheet not found' : 'Could not open the spreadsheet'}</h1>
        <p className="muted">{missing ? 'The link may be mistyped, or the spreadsheet was deleted or is not shared with you.' : sheet.error?.message}</p>
        <Link to="/" className="button">
          Back to spreadsheets
        </Link>
      </section>
    );
  }
  if (sheet.isPending)
    return (
      <div className="page page--centered">
        <Spinner label="Opening spreadsheet…" />
      </div>
    );

  return <SheetView key={id} data={sheet.data} />;
}
