import type { LinkedRow } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useDebounced } from '../../../lib/use-debounced';
import { linkTargetsQuery, sheetQuery } from '../api/spreadsheets.api';
import { cellText } from './cell-text';
import { linkedRowsOf, linkSearch, narrowByLabel, rowLabel, toggleLink } from './link-cells';

export interface LinkEditorParams {
  /** The sheet the link column points to. */
  sheetId: string;
}

/** Pause after typing before the other sheet is searched. */
const SEARCH_DEBOUNCE_MS = 200;

/**
 * The editor of a link cell: the linked rows as removable chips, and a search of the other sheet's rows by their label.
 * Arrows move in the list, Enter adds the highlighted row (or takes it out when it is linked already), Backspace in an
 * empty search takes out the last chip; Tab or Ctrl/⌘+Enter saves and Escape cancels. The value it reports is the
 * linked rows with their labels; the grid saves their ids.
 */
export function LinkEditor(props: CustomCellEditorProps & LinkEditorParams) {
  const { sheetId, onValueChange, stopEditing, eventKey } = props;
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // Backspace on a cell starts this editor with its last chip taken out, as Backspace does in it.
  const [picked, setPicked] = useState<LinkedRow[]>(() => linkedRowsOf(props.value).slice(0, eventKey === 'Backspace' ? -1 : undefined));
  const [query, setQuery] = useState(eventKey && eventKey.length === 1 ? eventKey : '');
  const [active, setActive] = useState(0);
  // Enter pressed before the rows for what was typed arrived: it adds the first of them once they are here.
  const [addWhenFound, setAddWhenFound] = useState(false);

  const other = useQuery({ ...sheetQuery(sheetId), enabled: !!sheetId });
  const first = other.data?.columns[0];
  const text = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const search = linkSearch(first, text);
  const found = useQuery({ ...linkTargetsQuery(sheetId, search.params), enabled: other.isSuccess });
  const options = useMemo(() => {
    const rows = (found.data?.items ?? []).map((row) => ({ rowId: row.id, label: first ? cellText(first, row.values[first.id], []) : '' }));
    return search.narrowHere ? narrowByLabel(rows, text) : rows;
  }, [found.data, first, search.narrowHere, text]);
  // The list answers what is typed now (not an earlier search, nor the rows before any search).
  const settled = other.isSuccess && found.isSuccess && !found.isPlaceholderData && !found.isFetching && query.trim() === text;

  const change = (next: LinkedRow[]) => {
    setPicked(next);
    onValueChange(next.length ? next : null);
  };
  const toggle = (row: LinkedRow) => {
    setAddWhenFound(false);
    change(toggleLink(picked, row));
    setQuery('');
    setActive(0);
    input.current?.focus();
  };

  const started = useRef(picked);
  useEffect(() => input.current?.focus(), []);
  // ag-grid-react hands an editor one onValueChange for its whole life: this runs once, as the edit starts.
  useEffect(() => {
    if (eventKey === 'Backspace') onValueChange(started.current.length ? started.current : null);
  }, [eventKey, onValueChange]);
  useEffect(() => setActive((i) => Math.min(i, Math.max(0, options.length - 1))), [options.length]);
  const latest = useRef({ toggle, options });
  latest.current = { toggle, options };
  useEffect(() => {
    if (!addWhenFound || !settled) return;
    setAddWhenFound(false);
    const [row] = latest.current.options;
    if (row) latest.current.toggle(row);
  }, [addWhenFound, settled]);

  // The keys the editor keeps are taken as they reach its box, before the grid's own listener on the popup (which
  // would end the edit on Enter); Tab and Escape go on to the grid, which saves or cancels, as does Enter with no row
  // to add.
  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    const keep = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      keep();
      setActive((i) => Math.max(0, Math.min(options.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      // The grid's Ctrl/⌘+Enter is a bulk edit, not a save.
      keep();
      stopEditing();
    } else if (event.key === 'Enter' && query.trim() && !settled) {
      // Typed fast: the list still shows an earlier search, whose rows are not the ones meant.
      keep();
      setAddWhenFound(true);
    } else if (event.key === 'Enter' && options[active]) {
      keep();
      toggle(options[active]);
    } else if (event.key === 'Backspace' && query === '' && picked.length) {
      keep();
      change(picked.slice(0, -1));
    }
  };
  useEffect(() => {
    const element = root.current;
    const listener = (event: KeyboardEvent) => keys.current(event);
    element?.addEventListener('keydown', listener);
    return () => element?.removeEventListener('keydown', listener);
  }, []);

  const linked = new Set(picked.map((r) => r.rowId));
  return (
    <div className="link-editor" ref={root} data-testid="link-editor">
      <ul className="link-editor__chips" aria-label="Linked rows">
        {picked.map((row) => (
          <li key={row.rowId} className="chip link-chip">
            <span className="link-chip__label">{rowLabel(row)}</span>
            <button
              type="button"
              className="link-chip__remove"
              aria-label={`Unlink ${rowLabel(row)}`}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => toggle(row)}
            >
              ×
            </button>
          </li>
        ))}
        {!picked.length && <li className="link-editor__none">No linked rows</li>}
      </ul>
      <input
        ref={input}
        className="options-editor__search"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
        aria-label={`Find rows of ${other.data?.name ?? 'the linked sheet'} to link (Enter adds, Tab saves)`}
        placeholder={`Find in ${other.data?.name ?? 'the linked sheet'}…`}
      />
      <ul className="options-editor__list" id={listId} role="listbox" aria-label="Rows to link" aria-busy={!settled || undefined}>
        {options.map((row, index) => (
          <li
            key={row.rowId}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={linked.has(row.rowId)}
            className={`options-editor__option${index === active ? ' options-editor__option--active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              setActive(index);
              toggle(row);
            }}
          >
            <input type="checkbox" readOnly tabIndex={-1} checked={linked.has(row.rowId)} aria-hidden="true" />
            <span>{rowLabel(row)}</span>
          </li>
        ))}
        {!options.length && (
          <li className="options-editor__none">
            {other.isError || found.isError ? 'The linked sheet could not be read.' : !settled ? 'Searching…' : text ? 'No row matches' : 'The linked sheet has no rows'}
          </li>
        )}
      </ul>
    </div>
  );
}
