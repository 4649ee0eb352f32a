import { summaryFunctionsFor, type Column, type Member, type SummaryFunction } from '@contrivance/contracts';
import { SUMMARY_LABELS, summaryText } from './summaries';
import { GROUPABLE, type Summaries } from './useSummaries';

/**
 * The footer of the rows shown: the chosen summary per column (sums of number columns to start with), a way to add
 * one, and the column the grid groups its rows by (each group's header in the grid shows its count and summaries).
 */
export function SummaryBar({ columns, members, summaries }: { columns: Column[]; members: Member[]; summaries: Summaries }) {
  const { choices, setChoices, shown, groupBy, result: summary } = summaries;
  const groupable = columns.filter((c) => !c.hidden && GROUPABLE.has(c.type));
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
          <select
            aria-label="Group by"
            value={groupBy[0]?.id ?? ''}
            onChange={(e) => setChoices({ ...choices, groupBy: e.target.value || undefined, ...(e.target.value ? {} : { thenBy: undefined }) })}
          >
            <option value="">Nothing</option>
            {groupable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {groupBy[0] && (
          <label className="summary-bar__group">
            then by
            <select aria-label="Then group by" value={groupBy[1]?.id ?? ''} onChange={(e) => setChoices({ ...choices, thenBy: e.target.value || undefined })}>
              <option value="">Nothing</option>
              {groupable
                .filter((c) => c.id !== groupBy[0].id)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      {summary.error && <p className="notice notice--error">{summary.error.message}</p>}
    </section>
  );
}
