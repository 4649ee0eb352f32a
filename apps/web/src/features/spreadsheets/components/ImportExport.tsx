import type { Column, ImportMappingDto, ImportProgress, Member, Row } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';
import { lazy, Suspense, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { FormMessage } from '../../../components/FormMessage';
import { ApiError } from '../../../lib/api-error';
import { saveFile } from '../../../lib/save-file';
import { exportCsv, importCsv, importProgress } from '../api/spreadsheets.api';
import { gridViewParams } from '../grid/rows-request';

/** The import dialog and its CSV parser (papaparse) load when a file is chosen. */
const ImportMapping = lazy(() => import('../import/ImportMapping').then((m) => ({ default: m.ImportMapping })));

/**
 * CSV export of the current view, and CSV import with a progress bar (polled while the file uploads) and the list of
 * rejected lines when the server refuses the file.
 */

export function ImportExport({
  sheetId,
  sheetName,
  canImport,
  columns,
  members,
  getGrid,
  onImported,
  children,
}: {
  sheetId: string;
  sheetName: string;
  canImport: boolean;
  /** The sheet's columns and members: the mapping step matches and guesses against them. */
  columns: Column[];
  members: Member[];
  /** The grid on screen now (it is remounted when columns change). */
  getGrid: () => GridApi<Row> | null;
  onImported: () => void;
  /** More buttons for the sheet's data going in and out, after Export and Import. */
  children?: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [mapping, setMapping] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ file: File; state: ImportProgress | null } | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; lines?: string[] } | null>(null);

  const onExport = async () => {
    setResult(null);
    try {
      const { file, name } = await exportCsv(sheetId, gridViewParams(getGrid()), `${sheetName}.csv`);
      saveFile(file, name);
    } catch (error) {
      setResult({ ok: false, text: error instanceof ApiError ? error.message : 'Export failed.' });
    }
  };

  // A chosen file first goes through the mapping step.
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setResult(null);
    setMapping(file);
  };

  const runImport = async (file: File, columnsMapping: ImportMappingDto) => {
    setMapping(null);
    const importId = crypto.randomUUID();
    setResult(null);
    setProgress({ file, state: null });
    const timer = setInterval(() => {
      importProgress(sheetId, importId).then(
        (state) => setProgress((p) => (p ? { ...p, state } : p)),
        () => undefined,
      );
    }, 400);
    try {
      const done = await importCsv(sheetId, file, importId, { mapping: columnsMapping });
      const created = done.columnsCreated.length ? ` New columns: ${done.columnsCreated.join(', ')}.` : '';
      setResult({ ok: true, text: `Imported ${done.rowsImported} rows from ${file.name}.${created}` });
      onImported();
    } catch (error) {
      const lines = error instanceof ApiError ? error.details.map((d) => `${d.field}: ${d.message}`) : [];
      setResult({ ok: false, text: error instanceof ApiError ? error.message : 'Import failed.', lines });
    } finally {
      clearInterval(timer);
      setProgress(null);
    }
  };

  // Two stages: the file uploads (bytes received), then its rows are checked and written (bytes read into rows).
  const state = progress?.state;
  const importing = state?.stage === 'importing';
  const bytes = state ? (importing ? state.bytesImported : state.bytesRead) : 0;
  const percent = progress ? Math.min(100, Math.round((bytes / Math.max(1, progress.file.size)) * 100)) : 0;
  return (
    <div className="import-export">
      {mapping && (
        <Suspense fallback={<p className="muted">Reading the file…</p>}>
          <ImportMapping sheetId={sheetId} file={mapping} columns={columns} members={members} onImport={(m) => void runImport(mapping, m)} onCancel={() => setMapping(null)} />
        </Suspense>
      )}
      <div className="toolbar">
        <button type="button" className="button button--ghost" onClick={onExport}>
          Export CSV
        </button>
        {canImport && (
          <>
            <button type="button" className="button button--ghost" onClick={() => input.current?.click()} disabled={!!progress}>
              Import CSV
            </button>
            <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={onFile} data-testid="import-file" />
          </>
        )}
        {children}
      </div>
      {progress && (
        <div className="progress" role="status" aria-live="polite">
          <progress max={100} value={percent} aria-label={importing ? 'Import progress' : 'Upload progress'} />
          <span>{importing ? `Importing ${progress.file.name}: ${state?.rowsRead ?? 0} rows checked (${percent}%)` : `Uploading ${progress.file.name}: ${percent}%`}</span>
        </div>
      )}
      {result && (
        <div>
          <FormMessage error={result.ok ? null : result.text} success={result.ok ? result.text : null} />
          {!!result.lines?.length && (
            <ul className="rejected-lines" aria-label="Rejected lines">
              {result.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
