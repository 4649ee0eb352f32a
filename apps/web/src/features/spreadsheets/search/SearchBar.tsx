import { useEffect } from 'react';
import type { useSheetSearch } from './useSheetSearch';

/**
 * The sheet's search box (Ctrl/⌘+F): the term, "n of total", previous and next. Enter and Shift+Enter move to the
 * next and previous match, Esc closes the box and leaves the focus on the current match.
 */
export function SearchBar({ search }: { search: ReturnType<typeof useSheetSearch> }) {
  const { input } = search;
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [input]);

  return (
    <div role="search" className="sheet-search" aria-label="Search in this sheet">
      <input
        ref={input}
        type="search"
        className="sheet-search__input"
        aria-label="Search"
        placeholder="Search this sheet…"
        value={search.text}
        maxLength={200}
        onChange={(e) => search.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (e.shiftKey) search.previous();
            else search.next();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            search.close();
            search.focusCurrent();
          } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
            e.preventDefault();
            input.current?.select();
          }
        }}
      />
      <output className="sheet-search__count muted" aria-live="polite" aria-busy={search.searching}>
        {search.failed ? 'Search failed' : search.label}
      </output>
      <button type="button" className="button button--ghost button--small" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={search.previous}>
        ↑
      </button>
      <button type="button" className="button button--ghost button--small" aria-label="Next match" title="Next match (Enter)" onClick={search.next}>
        ↓
      </button>
      <button
        type="button"
        className="button button--ghost button--small"
        aria-label="Close search"
        onClick={() => {
          search.close();
        }}
      >
        ✕
      </button>
      {search.note && <p className="sheet-search__note muted">{search.note}</p>}
    </div>
  );
}
