import type { Column, View, ViewType } from '@contrivance/contracts';
import { describeFilter } from './filter-model';

/**
 * Picks the saved view the grid shows (shared views, then the person's own), says what it filters, and opens the
 * filter builder; deletes a view the person may change.
 */
export function ViewPicker({
  views,
  current,
  columns,
  userId,
  canDelete,
  onSelect,
  onFilter,
  onDelete,
  type = 'grid',
  allLabel = 'All rows',
}: {
  views: View[];
  current: View | null;
  columns: Column[];
  userId: string | undefined;
  canDelete: boolean;
  onSelect: (viewId: string | null) => void;
  /** Opens the filter builder (grid views). */
  onFilter?: () => void;
  onDelete: () => void;
  /** Which views it picks from. */
  type?: ViewType;
  /** The choice of no saved view. */
  allLabel?: string;
}) {
  const shared = views.filter((v) => v.shared && v.type === type);
  const mine = views.filter((v) => !v.shared && v.createdBy === userId && v.type === type);
  return (
    <div className="view-picker">
      <label className="view-picker__select">
        View
        <select aria-label={type === 'grid' ? 'Saved view' : 'Saved board'} value={current?.id ?? ''} onChange={(e) => onSelect(e.target.value || null)}>
          <option value="">{allLabel}</option>
          {shared.length > 0 && (
            <optgroup label="Shared views">
              {shared.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          )}
          {mine.length > 0 && (
            <optgroup label="My views">
              {mine.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {current?.filter && (
        <span className="muted view-picker__filter" data-testid="view-filter" title={describeFilter(current.filter, columns)}>
          {describeFilter(current.filter, columns)}
        </span>
      )}
      {onFilter && (
        <button type="button" className="button button--ghost button--small" onClick={onFilter}>
          Filter…
        </button>
      )}
      {current && canDelete && (
        <button type="button" className="button button--ghost button--small" onClick={onDelete}>
          Delete view
        </button>
      )}
    </div>
  );
}
