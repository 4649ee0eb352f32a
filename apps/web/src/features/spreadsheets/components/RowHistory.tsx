import type { Column, Member } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { formatDateTime } from '../../../lib/format';
import { valueText } from '../../../lib/value-text';
import { rowHistoryQuery, useRestoreChange } from '../api/spreadsheets.api';

function show(column: Column | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  // History keeps a link as the linked rows' ids; their labels are not recorded.
  if (column?.type === 'link' && Array.isArray(value)) return `${value.length} linked row${value.length === 1 ? '' : 's'}`;
  if (column?.options && (typeof value === 'string' || Array.isArray(value))) {
    const ids: unknown[] = Array.isArray(value) ? value : [value];
    return ids.map((id) => column.options!.find((o) => o.id === id)?.label ?? id).join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : valueText(value);
}

/** Every change of one row, newest first; editors can put an earlier value back (itself recorded as a change). */
export function RowHistory({
  sheetId,
  rowId,
  columns,
  members,
  canRestore,
  onRestored,
}: {
  sheetId: string;
  rowId: string;
  columns: Column[];
  members: Member[];
  canRestore: boolean;
  onRestored: () => void;
}) {
  const history = useQuery(rowHistoryQuery(sheetId, rowId));
  const restore = useRestoreChange(sheetId, rowId, { onSuccess: () => onRestored() });
  const who = (id: string | null) => members.find((m) => m.userId === id)?.displayName ?? 'Someone';
  if (history.isPending) return <Spinner label="Loading history…" />;
  if (history.error) return <FormMessage error={history.error.message} />;
  return (
    <aside className="card history" aria-label="Row history">
      <h2>Row history</h2>
      <FormMessage error={restore.error?.message} />
      <ol className="history__list">
        {history.data.items.map((change) => {
          const column = columns.find((c) => c.id === change.columnId);
          return (
            <li key={change.seq}>
              <div className="muted">
                {formatDateTime(change.at)} · {who(change.userId)}
              </div>
              {change.kind === 'cell' || change.kind === 'restore' ? (
                <div>
                  <strong>{column?.name ?? 'Deleted column'}</strong>: {show(column, change.oldValue)} → {show(column, change.newValue)}
                  {change.kind === 'restore' && <span className="badge">restored</span>}
                  {canRestore && column && (
                    <button type="button" className="button button--ghost button--small" onClick={() => restore.mutate(change)} disabled={restore.isPending}>
                      Restore previous
                    </button>
                  )}
                </div>
              ) : (
                <div>{change.kind === 'row:create' ? 'Row created' : change.kind}</div>
              )}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
