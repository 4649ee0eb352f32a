import type { Column, Member, SummaryFunction, SummaryResult, View, ViewSettings } from '@contrivance/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { cellText } from '../grid/cell-text';
import { summaryQuery } from './summaries.api';
import { chosenSummaries } from './summaries';

export type SummaryChoices = { chosen: Record<string, SummaryFunction | 'none'>; groupBy?: string; thenBy?: string };
const storageKey = (sheetId: string) => `contrivance.summaries.${sheetId}`;
/** Columns the grid groups by: those whose values the rows API matches exactly (text compares case-insensitively). */
export const GROUPABLE = new Set(['select', 'checkbox', 'user', 'date']);

/**
 * The summaries chosen: a saved view's own (saved into it by those who may change it; for others they last until the
 * view is left), or without a view, this browser's for the sheet.
 */
function useChoices(sheetId: string, view: View | undefined, onSaveView: ((settings: ViewSettings) => void) | undefined): [SummaryChoices, (next: SummaryChoices) => void] {
  const [local, setLocal] = useState<SummaryChoices>(() => {
    try {
      return (JSON.parse(localStorage.getItem(storageKey(sheetId)) ?? 'null') as SummaryChoices | null) ?? { chosen: {} };
    } catch {
      return { chosen: {} };
    }
  });
  const [inView, setInView] = useState<{ viewId: string; choices: SummaryChoices } | null>(null);
  if (!view) {
    return [
      local,
      (next) => {
        localStorage.setItem(storageKey(sheetId), JSON.stringify(next));
        setLocal(next);
      },
    ];
  }
  const saved: SummaryChoices = { chosen: view.summaries ?? {}, groupBy: view.groupBy?.[0], thenBy: view.groupBy?.[1] };
  return [
    inView?.viewId === view.id ? inView.choices : saved,
    (next) => {
      setInView({ viewId: view.id, choices: next });
      onSaveView?.({ summaries: next.chosen, groupBy: [next.groupBy, next.thenBy].filter((id): id is string => !!id) });
    },
  ];
}

export interface Summaries {
  choices: SummaryChoices;
  setChoices: (next: SummaryChoices) => void;
  /** The summary under each column that has one. */
  shown: { column: Column; fn: SummaryFunction }[];
  /** The columns the grid's rows are grouped by: none, one, or two (groups of the second inside each of the first). */
  groupBy: Column[];
  result: UseQueryResult<SummaryResult>;
}

/**
 * The summaries of the rows shown (the saved view and the grid's filters, `rowParams`), computed by the server, with
 * the group-by column's groups (their counts, and the summaries per group) when one is chosen.
 */
export function useSummaries(
  sheetId: string,
  columns: Column[],
  rowParams: URLSearchParams,
  view: View | undefined,
  onSaveView: ((settings: ViewSettings) => void) | undefined,
): Summaries {
  const [choices, setChoices] = useChoices(sheetId, view, onSaveView);
  const shown = chosenSummaries(columns, choices.chosen);
  const groupable = (id: string | undefined) => columns.find((c) => c.id === id && !c.hidden && GROUPABLE.has(c.type));
  const first = groupable(choices.groupBy);
  const then = first && choices.thenBy !== first.id ? groupable(choices.thenBy) : undefined;
  const groupBy = [first, then].filter((c): c is Column => !!c);
  const params = new URLSearchParams(rowParams);
  for (const s of shown) params.append('fn', `${s.column.id}:${s.fn}`);
  if (groupBy.length) {
    // Groups need one function at least; their counts come with any.
    if (!shown.length) params.append('fn', `${groupBy[0].id}:count`);
    for (const column of groupBy) params.append('groupBy', column.id);
  }
  const result = useQuery(summaryQuery(sheetId, params));
  return { choices, setChoices, shown, groupBy, result };
}

/** A group's name as the column shows its value: an option's label, a person's name, a date; `(empty)` without one. */
export function groupLabel(column: Column, key: string | null, members: Member[]): string {
  if (key === null) return '(empty)';
  return cellText(column, column.type === 'checkbox' ? key === 'true' : key, members) || '(empty)';
}
