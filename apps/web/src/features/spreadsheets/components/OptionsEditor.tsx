import type { Column, SelectOption } from '@contrivance/contracts';
import { useState } from 'react';

/** The palette new options take their colours from, in turn. */
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#64748b'];

export interface Draft {
  id?: string;
  label: string;
  color: string;
  probability: string;
}

const toDraft = (o: SelectOption, i: number): Draft => ({
  id: o.id,
  label: o.label,
  color: o.color ?? PALETTE[i % PALETTE.length],
  probability: o.probability === undefined ? '' : String(o.probability),
});

/** What the form holds, as the API's options (ids kept, so existing values keep pointing at their option). */
export function toOptions(drafts: Draft[]): SelectOption[] {
  return drafts.map((d) => ({
    ...(d.id ? { id: d.id } : {}),
    label: d.label.trim(),
    color: d.color,
    ...(d.probability.trim() === '' ? {} : { probability: Number(d.probability) }),
  })) as SelectOption[];
}

/**
 * Edits a select column's options: label, colour, win probability (used by the pipeline's weighted value), order;
 * add and remove. Saving sends the whole list; the server refuses (and explains) removing an option rows still use.
 */
export function OptionsEditor({ column, busy, onSave, onCancel }: { column: Column; busy: boolean; onSave: (options: SelectOption[]) => void; onCancel: () => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => (column.options ?? []).map(toDraft));
  const change = (i: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const move = (i: number, by: number) =>
    setDrafts((all) => {
      const next = [...all];
      [next[i], next[i + by]] = [next[i + by], next[i]];
      return next;
    });
  const invalid = drafts.some((d) => !d.label.trim() || (d.probability.trim() !== '' && !(Number(d.probability) >= 0 && Number(d.probability) <= 100)));

  return (
    <form
      className="options-editor"
      aria-label={`Options of ${column.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onSave(toOptions(drafts));
      }}
    >
      {drafts.length === 0 && <p className="muted">No options yet.</p>}
      <ol className="options-editor__list">
        {drafts.map((d, i) => (
          <li key={d.id ?? `new-${i}`} className="options-editor__item">
            <input type="color" aria-label={`Colour of option ${i + 1}`} value={d.color} onChange={(e) => change(i, { color: e.target.value })} />
            <input aria-label={`Label of option ${i + 1}`} value={d.label} maxLength={100} required onChange={(e) => change(i, { label: e.target.value })} />
            <input
              aria-label={`Probability of option ${i + 1} (%)`}
              className="options-editor__probability"
              type="number"
              min={0}
              max={100}
              placeholder="%"
              value={d.probability}
              onChange={(e) => change(i, { probability: e.target.value })}
            />
            <button type="button" className="button button--ghost button--small" aria-label={`Move option ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
              ↑
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={`Move option ${i + 1} down`}
              disabled={i === drafts.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={`Remove option ${i + 1}`}
              onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="toolbar">
        <button
          type="button"
          className="button button--ghost button--small"
          onClick={() => setDrafts((all) => [...all, { label: '', color: PALETTE[all.length % PALETTE.length], probability: '' }])}
        >
          Add option
        </button>
        <button type="submit" className="button button--small" disabled={busy || invalid}>
          Save options
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
