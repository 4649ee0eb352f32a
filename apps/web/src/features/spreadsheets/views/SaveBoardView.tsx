import { useState, type FormEvent } from 'react';

/** Saves the board as it is (its stage column and card fields) as a named board view, shared or personal. */
export function SaveBoardView({ canShare, saving, onSave }: { canShare: boolean; saving: boolean; onSave: (name: string, shared: boolean) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(canShare);
  if (!open) {
    return (
      <button type="button" className="button button--ghost button--small" onClick={() => setOpen(true)}>
        Save as view…
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    onSave(name.trim(), shared);
    setOpen(false);
    setName('');
  };
  return (
    <form className="save-board-view" aria-label="Save the board as a view" onSubmit={submit}>
      <input className="input" aria-label="Board view name" placeholder="View name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      {canShare && (
        <label>
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Shared
        </label>
      )}
      <button type="submit" className="button button--small" disabled={saving || !name.trim()}>
        Save
      </button>
      <button type="button" className="button button--ghost button--small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
