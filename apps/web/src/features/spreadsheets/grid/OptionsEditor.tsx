import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';

/** One choice of a select, multi-select or person cell: what is stored (`id`) and what people see. */
export interface Choice {
  id: string;
  label: string;
  color?: string;
  /** Also matched when typing (a person's email). */
  hint?: string;
}

export interface OptionsEditorParams {
  choices: Choice[];
  multiple?: boolean;
}

/** The first choice whose label (or hint) starts with the typed text, else the first that contains it. */
export function bestMatch(choices: Choice[], typed: string): number {
  const q = typed.trim().toLowerCase();
  if (!q) return -1;
  const starts = choices.findIndex((c) => c.label.toLowerCase().startsWith(q) || c.hint?.toLowerCase().startsWith(q));
  return starts >= 0 ? starts : choices.findIndex((c) => c.label.toLowerCase().includes(q) || c.hint?.toLowerCase().includes(q));
}

/**
 * The editor of select, multi-select and person cells: a list of labels in their colours (never internal ids).
 * Typing filters and picks the first match; arrows move; Enter chooses (a single value) or saves (several, toggled with
 * Space or a click); the blank entry clears the cell; Escape cancels.
 */
export function OptionsEditor(props: CustomCellEditorProps & OptionsEditorParams) {
  const { choices, multiple = false, onValueChange, stopEditing, eventKey } = props;
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  // What the cell held when the edit started: read once, as later renders carry back the value this editor reports.
  const [picked, setPicked] = useState<string[]>(() => {
    const initial = multiple ? (Array.isArray(props.value) ? (props.value as string[]) : []) : ((props.value as string | null) ?? null);
    return Array.isArray(initial) ? initial : initial ? [initial] : [];
  });
  // A printable key that started the edit is the first letter of the search.
  const [query, setQuery] = useState(eventKey && eventKey.length === 1 ? eventKey : '');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? choices.filter((c) => c.label.toLowerCase().includes(q) || c.hint?.toLowerCase().includes(q)) : choices;
    return multiple ? list : [{ id: '', label: '(empty)' }, ...list];
  }, [choices, query, multiple]);
  const [active, setActive] = useState(() => {
    const match = bestMatch(shown, query);
    if (match >= 0) return match;
    const current = shown.findIndex((c) => picked.includes(c.id));
    return current >= 0 ? current : 0;
  });

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const match = bestMatch(shown, query);
    if (query && match >= 0) setActive(match);
  }, [query, shown]);
  // A single value follows the highlighted choice, so Enter (handled by the grid too) saves what is highlighted.
  // ag-grid-react hands an editor one onValueChange for its whole life (only `value` changes as it reports), so this runs
  // when the highlight moves, not after each report.
  useEffect(() => {
    if (multiple) return;
    const choice = shown[active];
    if (choice) onValueChange(choice.id || null);
  }, [active, shown, multiple, onValueChange]);

  const toggle = (id: string) => {
    const next = picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id];
    setPicked(next);
    onValueChange(next.length ? next : null);
  };
  const choose = (index: number) => {
    const choice = shown[index];
    if (!choice) return;
    if (multiple) return toggle(choice.id);
    onValueChange(choice.id || null);
    setTimeout(() => stopEditing(), 0);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      setActive((i) => Math.max(0, Math.min(shown.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === ' ' && multiple) {
      event.preventDefault();
      event.stopPropagation();
      choose(active);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
      if (multiple) stopEditing();
      else choose(active);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      stopEditing(true);
    }
  };

  return (
    <div className="options-editor">
      <input
        ref={input}
        className="options-editor__search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={`${listId}-${active}`}
        aria-label={multiple ? 'Choose options (Space to pick, Enter to save)' : 'Choose an option'}
        placeholder="Type to find…"
      />
      <ul className="options-editor__list" id={listId} role="listbox" aria-multiselectable={multiple || undefined}>
        {shown.map((choice, index) => (
          <li
            key={choice.id || '(empty)'}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={multiple ? picked.includes(choice.id) : index === active}
            className={`options-editor__option${index === active ? ' options-editor__option--active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              setActive(index);
              choose(index);
            }}
          >
            {multiple && <input type="checkbox" readOnly tabIndex={-1} checked={picked.includes(choice.id)} aria-hidden="true" />}
            {choice.id ? (
              <span className="chip" style={{ background: choice.color ? `${choice.color}33` : undefined, borderColor: choice.color }}>
                {choice.label}
              </span>
            ) : (
              <span className="options-editor__empty">{choice.label}</span>
            )}
            {choice.hint && <span className="options-editor__hint">{choice.hint}</span>}
          </li>
        ))}
        {!shown.length && <li className="options-editor__none">No match</li>}
      </ul>
    </div>
  );
}
