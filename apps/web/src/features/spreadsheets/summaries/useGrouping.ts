import type { Member } from '@contrivance/contracts';
import { useCallback, useMemo, useState } from 'react';
import type { SheetGridProps } from '../grid/SheetGrid';
import { groupKey } from '../grid/grouped-rows';
import { SUMMARY_LABELS, summaryText } from './summaries';
import { groupLabel, type Summaries } from './useSummaries';

/**
 * The grid's grouping from the summaries' group-by: the groups the server counted (with their summaries), which of
 * them are folded (kept while the sheet is open), and how a header words them. Undefined until the groups are in.
 */
export function useGrouping(summaries: Summaries, members: Member[]): SheetGridProps['grouping'] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const onToggle = useCallback(
    (key: string | null) =>
      setCollapsed((before) => {
        const next = new Set(before);
        if (!next.delete(groupKey(key))) next.add(groupKey(key));
        return next;
      }),
    [],
  );
  const { groupBy, shown } = summaries;
  const groups = summaries.result.data?.groups;
  return useMemo(() => {
    if (!groupBy || !groups) return undefined;
    return {
      column: groupBy,
      members,
      groups,
      collapsed,
      onToggle,
      label: (key: string | null) => groupLabel(groupBy, key, members),
      summaries: (values: Record<string, number | string | null>) =>
        shown.map((s) => `${SUMMARY_LABELS[s.fn]} of ${s.column.name}: ${summaryText(s.column, s.fn, values[`${s.column.id}:${s.fn}`], members)}`),
    };
  }, [groupBy, groups, collapsed, onToggle, members, shown]);
}
