import type { Column, Member } from '@contrivance/contracts';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { GroupHeaderRow, GroupPath } from './grouped-rows';

/** What a grouped grid's header rows need from the sheet: the column grouped by, and how to word a group. */
export interface GroupingContext {
  grouping?: {
    /** The columns grouped by, top level first. */
    columns: Column[];
    members: Member[];
    label: (level: number, key: string | null) => string;
    /** The group's summaries as text ("Sum of Value $1,200"). */
    summaries: (values: Record<string, number | string | null>) => string[];
    onToggle: (path: GroupPath) => void;
  };
}

/** A group's header row across the grid: its value, how many rows, its summaries; a button folds it. */
export function GroupHeader({ data, context }: CustomCellRendererProps<GroupHeaderRow, unknown, GroupingContext>) {
  const grouping = context?.grouping;
  if (!data?.group || !grouping) return null;
  if (data.group.gap) return <div className="group-row group-row--gap" aria-hidden="true" />;
  const { key, count, collapsed, values, path } = data.group;
  const level = path.length - 1;
  const column = grouping.columns[level];
  const label = grouping.label(level, key);
  return (
    <div className={`group-row group-row--level-${level}`} data-group={key ?? ''} data-level={level}>
      <button
        type="button"
        className="group-row__toggle"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${column?.name ?? ''}: ${label}`}
        onClick={() => grouping.onToggle(path)}
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
