import type { ReactNode } from 'react';

/**
 * A titled card that opens beside the grid (share, columns, a row's detail) with a Close button. `label` names the
 * dialog when its title changes with what it shows (a row's name); `className` places it.
 */
export function Panel({
  title,
  label = title,
  className = 'panel',
  onClose,
  children,
}: {
  title: string;
  label?: string;
  className?: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className={`card ${className}`} role="dialog" aria-label={label}>
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
