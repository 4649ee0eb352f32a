import { valueText } from '../../../lib/value-text';
import type { OfflineConflict } from '../grid/useOfflineEdits';

/** Edits made offline whose cells someone else changed meanwhile: the person keeps one value or the other. */
export function OfflineConflicts({ conflicts, onResolve }: { conflicts: OfflineConflict[]; onResolve: (conflict: OfflineConflict, keep: 'mine' | 'theirs') => void }) {
  return (
    <>
      {conflicts.map((c) => (
        <div key={c.edit.id} className="notice notice--conflict" role="alert">
          While you were offline, someone changed <strong>{c.columnName}</strong> of “{c.rowLabel}” to “{valueText(c.theirs ?? '')}”. Your edit made offline: “
          {valueText(c.edit.value ?? '')}”.{' '}
          <button type="button" className="button button--small" onClick={() => onResolve(c, 'mine')}>
            Keep mine
          </button>{' '}
          <button type="button" className="button button--ghost button--small" onClick={() => onResolve(c, 'theirs')}>
            Keep theirs
          </button>
        </div>
      ))}
    </>
  );
}
