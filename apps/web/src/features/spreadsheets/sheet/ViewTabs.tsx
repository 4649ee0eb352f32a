import { VIEWS, type View } from './useRememberedView';

/** The tabs that switch the sheet between grid, board and dashboard (the panel is `#sheet-view`). */
export function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <div className="view-tabs" role="tablist" aria-label="Views of this sheet">
      {VIEWS.map((v) => (
        <button key={v.id} type="button" role="tab" id={`tab-${v.id}`} aria-selected={view === v.id} aria-controls="sheet-view" onClick={() => onChange(v.id)}>
          {v.label}
        </button>
      ))}
    </div>
  );
}
