import type { ReactNode } from 'react';

/** A titled card that opens beside the grid (share, columns) with a Close button. */
export function Panel({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  return (
    <div className="card panel" role="dialog" aria-label={title}>
      <div className="panel__header">
        <h2>{title}</h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </div>
  );
}
