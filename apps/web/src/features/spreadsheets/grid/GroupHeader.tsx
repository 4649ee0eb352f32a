import type { Column, Member } from '@contrivance/contracts';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { GroupHeaderRow } from './grouped-rows';

/** What a grouped grid's header rows need from the sheet: the column grouped by, and how to word a group. */
export interface GroupingContext {
  grouping?: {
    column: Column;
    members: Member[];
    label: (key: string | null) => string;
    /** The group's summaries as text ("Sum of Value $1,200"). */
    summaries: (values: Record<string, number | string | null>) => string[];
    onToggle: (key: string | null) => void;
  };
}

/** A group's header row across the grid: its value, how many rows, its summaries; a button folds it. */
export function GroupHeader({ data, context }: CustomCellRendererProps<GroupHeaderRow, unknown, GroupingContext>) {
  const grouping = context?.grouping;
  if (!data?.group || !grouping) return null;
  const { key, count, collapsed, values } = data.group;
  const label = grouping.label(key);
  return (
    <div className="group-row" data-group={key ?? ''}>
      <button
        type="button"
        className="group-row__toggle"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${grouping.column.name}: ${label}`}
        onClick={() => grouping.onToggle(key)}
      >
        {collapsed ? '▸' : '▾'}
      </button>
      <strong className="group-row__label">{label}</strong>
      <span className="group-row__count">
        {count.toLocaleString()} {count === 1 ? 'row' : 'rows'}
      </span>
      {grouping.summaries(values).map((text) => (
        <span key={text} className="group-row__summary">
          {text}
        </span>
      ))}
    </div>
  );
}
