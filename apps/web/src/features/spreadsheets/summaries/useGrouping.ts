import type { Member } from '@contrivance/contracts';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SheetGridProps } from '../grid/SheetGrid';
import { pathKey, type GroupPath, type RowGroup } from '../grid/grouped-rows';
import { SUMMARY_LABELS, summaryText } from './summaries';
import { groupLabel, type Summaries } from './useSummaries';

/**
 * The grid's grouping from the summaries' group-by: the groups the server counted (with their summaries), which of
 * them are folded (kept while the sheet is open), and how a header words them. Undefined until the groups are in.
 */
export function useGrouping(summaries: Summaries, members: Member[]): SheetGridProps['grouping'] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const onToggle = useCallback(
    (path: GroupPath) =>
      setCollapsed((before) => {
        const next = new Set(before);
        if (!next.delete(pathKey(path))) next.add(pathKey(path));
        return next;
      }),
    [],
  );
  const { groupBy, shown } = summaries;
  // While new summaries load (another function, the grid's filters changed), the groups answered last for the same
  // columns stay; groups of other columns would narrow rows by the wrong ones.
  const columnsKey = groupBy.map((c) => c.id).join();
  const last = useRef<{ columnsKey: string; groups: RowGroup[] } | null>(null);
  const fresh = summaries.result.isPlaceholderData ? undefined : summaries.result.data?.groups;
  if (fresh) last.current = { columnsKey, groups: fresh };
  const groups = fresh ?? (last.current?.columnsKey === columnsKey ? last.current.groups : undefined);
  return useMemo(() => {
    if (!groupBy.length || !groups) return undefined;
    return {
      columns: groupBy,
      members,
      groups,
      collapsed,
      onToggle,
      label: (level: number, key: string | null) => groupLabel(groupBy[level], key, members),
      summaries: (values: Record<string, number | string | null>) =>
        shown.map((s) => `${SUMMARY_LABELS[s.fn]} of ${s.column.name}: ${summaryText(s.column, s.fn, values[`${s.column.id}:${s.fn}`], members)}`),
    };
  }, [groupBy, groups, collapsed, onToggle, members, shown]);
}
