import type { Column, PipelineReport } from '@contrivance/contracts';

/** Rows per stage (null: no stage). */
export interface StageAggregate {
  stage: string | null;
  count: number;
  total: number;
}

/** Value per close month and stage. */
export interface ForecastAggregate {
  month: string;
  stage: string | null;
  total: number;
}

/** Time spent in a stage by rows that have left it since (from the change history). */
export interface StintAggregate {
  stage: string;
  seconds: number;
  stints: number;
}

const money = (n: number) => Math.round(n * 100) / 100;
const DAY = 86_400;

/**
 * The pipeline from SQL aggregates (this never sees individual rows): per stage count, total and weighted value (by
 * the option's probability; none counts as 0), the weighted forecast by close month, the win rate (stages at 100 %
 * are won, at 0 % lost) and the average days in each stage.
 */
export function buildPipelineReport(
  columns: { stage: Column; value: Column; date: Column | null },
  byStage: StageAggregate[],
  forecast: ForecastAggregate[],
  stints: StintAggregate[],
): PipelineReport {
  const options = columns.stage.options ?? [];
  const probability = new Map(options.map((o) => [o.id, o.probability ?? null]));
  const weight = (stage: string | null) => (stage !== null ? (probability.get(stage) ?? 0) : 0) / 100;
  const found = new Map(byStage.filter((s) => s.stage !== null && probability.has(s.stage)).map((s) => [s.stage!, s]));

  const stages = options.map((o) => {
    const agg = found.get(o.id);
    const total = money(agg?.total ?? 0);
    return {
      stage: o.id,
      label: o.label,
      ...(o.color ? { color: o.color } : {}),
      probability: o.probability ?? null,
      count: agg?.count ?? 0,
      total,
      weighted: money(total * weight(o.id)),
    };
  });
  const unstagedRows = byStage.filter((s) => s.stage === null || !probability.has(s.stage));
  const unstaged = { count: unstagedRows.reduce((n, s) => n + s.count, 0), total: money(unstagedRows.reduce((n, s) => n + s.total, 0)) };

  const months = new Map<string, { total: number; weighted: number }>();
  for (const f of forecast) {
    const month = months.get(f.month) ?? { total: 0, weighted: 0 };
    month.total += f.total;
    month.weighted += f.total * weight(f.stage);
    months.set(f.month, month);
  }

  const won = stages.filter((s) => s.probability === 100).reduce((n, s) => n + s.count, 0);
  const lost = stages.filter((s) => s.probability === 0).reduce((n, s) => n + s.count, 0);
  const stintsOf = new Map(stints.map((s) => [s.stage, s]));

  return {
    stageColumn: columns.stage.id,
    valueColumn: columns.value.id,
    dateColumn: columns.date?.id ?? null,
    stages,
    unstaged,
    forecast: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, m]) => ({ month, total: money(m.total), weighted: money(m.weighted) })),
    winRate: won + lost ? Math.round((won / (won + lost)) * 10_000) / 10_000 : null,
    avgDaysInStage: options.map((o) => {
      const s = stintsOf.get(o.id);
      return { stage: o.id, days: s && s.stints ? Math.round((s.seconds / s.stints / DAY) * 100) / 100 : null };
    }),
    totals: {
      count: stages.reduce((n, s) => n + s.count, 0) + unstaged.count,
      total: money(stages.reduce((n, s) => n + s.total, 0) + unstaged.total),
      weighted: money(stages.reduce((n, s) => n + s.weighted, 0)),
    },
  };
}
