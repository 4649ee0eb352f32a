import { summaryFunctionsFor, type Column, type Member, type SummaryFunction, type View, type ViewSettings } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { cellText } from '../grid/cell-text';
import { summaryQuery } from './summaries.api';
import { chosenSummaries, SUMMARY_LABELS, summaryText } from './summaries';

type Choices = { chosen: Record<string, SummaryFunction | 'none'>; groupBy?: string };
const storageKey = (sheetId: string) => `contrivance.summaries.${sheetId}`;
const GROUPABLE = new Set(['select', 'checkbox', 'user', 'text', 'date']);

/**
 * The summaries chosen: a saved view's own (saved into it by those who may change it; for others they last until the
 * view is left), or without a view, this browser's for the sheet.
 */
function useChoices(sheetId: string, view: View | undefined, onSaveView: ((settings: ViewSettings) => void) | undefined): [Choices, (next: Choices) => void] {
  const [local, setLocal] = useState<Choices>(() => {
    try {
      return (JSON.parse(localStorage.getItem(storageKey(sheetId)) ?? 'null') as Choices | null) ?? { chosen: {} };
    } catch {
      return { chosen: {} };
    }
  });
  const [inView, setInView] = useState<{ viewId: string; choices: Choices } | null>(null);
  if (!view) {
    return [
      local,
      (next) => {
        localStorage.setItem(storageKey(sheetId), JSON.stringify(next));
        setLocal(next);
      },
    ];
  }
  const saved: Choices = { chosen: view.summaries ?? {}, groupBy: view.groupBy?.[0] };
  return [
    inView?.viewId === view.id ? inView.choices : saved,
    (next) => {
      setInView({ viewId: view.id, choices: next });
      onSaveView?.({ summaries: next.chosen, groupBy: next.groupBy ? [next.groupBy] : [] });
    },
  ];
}

/**
 * Summaries of the rows shown (the saved view and the grid's filters), computed by the server: a footer of the chosen
 * summary per column (sums of number columns to start with), and with a group-by column, the same per group with
 * its count. A saved view keeps its own choices; without one they are kept in this browser per sheet.
 */
export function SummaryBar({
  sheetId,
  columns,
  members,
  rowParams,
  view,
  onSaveView,
}: {
  sheetId: string;
  columns: Column[];
  members: Member[];
  rowParams: URLSearchParams;
  /** The saved view shown: its summaries and group-by are the bar's. */
  view?: View;
  /** Saves choices into the view (absent when I may not change it). */
  onSaveView?: (settings: ViewSettings) => void;
}) {
  const [choices, setChoices] = useChoices(sheetId, view, onSaveView);
  const shown = chosenSummaries(columns, choices.chosen);
  const groupBy = columns.find((c) => c.id === choices.groupBy);
  const params = new URLSearchParams(rowParams);
  for (const s of shown) params.append('fn', `${s.column.id}:${s.fn}`);
  if (groupBy && shown.length) params.set('groupBy', groupBy.id);
  const summary = useQuery(summaryQuery(sheetId, params));
  const choose = (columnId: string, fn: SummaryFunction | 'none') => setChoices({ ...choices, chosen: { ...choices.chosen, [columnId]: fn } });
  const unsummarised = columns.filter((c) => !c.hidden && !shown.some((s) => s.column.id === c.id));
  const value = (values: Record<string, number | string | null> | undefined, s: (typeof shown)[number]) => summaryText(s.column, s.fn, values?.[`${s.column.id}:${s.fn}`], members);

  return (
    <section className="summary-bar stack" aria-label="Summaries">
      <div className="summary-bar__items">
        {shown.map((s) => (
          <div key={s.column.id} className="summary-bar__item">
            <label>
              {s.column.name}
              <select aria-label={`Summary of ${s.column.name}`} value={s.fn} onChange={(e) => choose(s.column.id, e.target.value as SummaryFunction | 'none')}>
                {summaryFunctionsFor(s.column).map((fn) => (
                  <option key={fn} value={fn}>
                    {SUMMARY_LABELS[fn]}
                  </option>
                ))}
                <option value="none">None</option>
              </select>
            </label>
            <output aria-label={`${SUMMARY_LABELS[s.fn]} of ${s.column.name}`}>{summary.isPending ? '…' : value(summary.data?.values, s)}</output>
          </div>
        ))}
        {unsummarised.length > 0 && (
          <select
            aria-label="Summarise another column"
            value=""
            onChange={(e) => e.target.value && choose(e.target.value, summaryFunctionsFor(columns.find((c) => c.id === e.target.value)!)[0])}
          >
            <option value="">Add a summary…</option>
            {unsummarised.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
        <label className="summary-bar__group">
          Group by
          <select aria-label="Group by" value={groupBy?.id ?? ''} onChange={(e) => setChoices({ ...choices, groupBy: e.target.value || undefined })}>
            <option value="">Nothing</option>
            {columns
              .filter((c) => !c.hidden && GROUPABLE.has(c.type))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      {summary.error && <p className="notice notice--error">{summary.error.message}</p>}
      {groupBy && shown.length > 0 && summary.data?.groups && (
        <table className="summary-bar__groups" aria-label={`Groups by ${groupBy.name}`}>
          <thead>
            <tr>
              <th scope="col">{groupBy.name}</th>
              <th scope="col">Rows</th>
              {shown.map((s) => (
                <th key={s.column.id} scope="col">
                  {SUMMARY_LABELS[s.fn]} of {s.column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.data.groups.map((g) => (
              <tr key={g.key ?? '(empty)'}>
                <th scope="row">{g.key === null ? '(empty)' : cellText(groupBy, groupBy.type === 'checkbox' ? g.key === 'true' : g.key, members) || '(empty)'}</th>
                <td>{g.count.toLocaleString()}</td>
                {shown.map((s) => (
                  <td key={s.column.id}>{value(g.values, s)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
