import type { Member, Row, Spreadsheet } from '@contrivance/contracts';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { useRowChangeEvents } from '../../realtime';
import { fetchRow, sheetKeys } from '../api/spreadsheets.api';
import { RowHistory } from '../components/RowHistory';
import { cellText } from '../grid/cell-text';
import { CommentThread } from './CommentThread';
import { Panel } from '../../../components/Panel';
import { RowFields } from './RowFields';

const rowKey = (sheetId: string, rowId: string) => [...sheetKeys.all, 'row', sheetId, rowId] as const;
const rowQuery = (sheetId: string, rowId: string) => queryOptions({ queryKey: rowKey(sheetId, rowId), queryFn: () => fetchRow(sheetId, rowId) });

/**
 * One row opened beside the grid: its fields as a form (editable by owners and editors), its history with restore,
 * and its comments. Others' edits of the row and comments on it show up live. Esc closes it.
 */
export function RowDetailPanel({
  sheet,
  rowId,
  members,
  userId,
  onSaved,
  onClose,
}: {
  sheet: Spreadsheet;
  rowId: string;
  members: Member[];
  userId?: string;
  /** The row as saved from the form or a restore, for the grid to show. */
  onSaved: (row: Row) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const row = useQuery(rowQuery(sheet.id, rowId));
  const editable = sheet.myRole !== 'viewer';
  useRowChangeEvents(sheet.id, rowId, () => {
    void queryClient.invalidateQueries({ queryKey: rowKey(sheet.id, rowId) });
    void queryClient.invalidateQueries({ queryKey: sheetKeys.history(sheet.id, rowId) });
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !e.defaultPrevented && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const saved = (next: Row) => {
    queryClient.setQueryData(rowKey(sheet.id, rowId), next);
    void queryClient.invalidateQueries({ queryKey: sheetKeys.history(sheet.id, rowId) });
    onSaved(next);
  };
  const first = sheet.columns[0];
  const title = (row.data && first && cellText(first, row.data.values[first.id], members)) || 'Row';

  return (
    <Panel title={title} label="Row detail" className="row-detail" onClose={onClose}>
      {row.isPending ? (
        <Spinner label="Loading the row…" />
      ) : row.error ? (
        <FormMessage error={row.error.message === 'Row not found' ? 'This row has been deleted.' : `Could not load the row: ${row.error.message}`} />
      ) : (
        <>
          <RowFields sheetId={sheet.id} row={row.data} columns={sheet.columns} members={members} editable={editable} onSaved={saved} />
          <CommentThread sheetId={sheet.id} rowId={rowId} members={members} userId={userId} isOwner={sheet.myRole === 'owner'} />
          <RowHistory
            sheetId={sheet.id}
            rowId={rowId}
            columns={sheet.columns}
            members={members}
            canRestore={editable}
            onRestored={() => void fetchRow(sheet.id, rowId).then(saved, () => undefined)}
          />
        </>
      )}
    </Panel>
  );
}
