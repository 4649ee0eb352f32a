import type { ForecastAggregate, StageAggregate, StintAggregate } from './pipeline-report';

/**
 * Rows of one (close month, stage) group: their count and the sum of their values, exact (PostgreSQL's numeric as
 * text), so that bringing it forward by many small deltas never drifts from a sum taken from scratch.
 */
export interface RowGroup {
  month: string | null;
  stage: string | null;
  count: number;
  total: string;
}

/** Ended stints in one stage: their count and their length in seconds, exact like RowGroup's total. */
export interface StintTotal {
  stage: string;
  seconds: string;
  stints: number;
}

/** What the report of one version of a sheet is made from; cached per version, and brought forward by deltas. */
export interface PipelineState {
  groups: RowGroup[];
  stints: StintTotal[];
}

/** The report's aggregates, as buildPipelineReport takes them. */
export interface PipelineAggregates {
  byStage: StageAggregate[];
  forecast: ForecastAggregate[];
  stints: StintAggregate[];
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

function parseDecimal(text: string): { units: bigint; scale: number } {
  const match = DECIMAL.exec(text);
  if (!match || (!match[2] && !match[3])) throw new Error(`Not a decimal: ${text}`);
  const fraction = match[3] ?? '';
  return { units: BigInt(`${match[1]}${match[2] || '0'}${fraction}`), scale: fraction.length };
}

/** a + b of two decimal texts (numeric's text form: no exponent), exactly. */
export function addDecimals(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const units = x.units * 10n ** BigInt(scale - x.scale) + y.units * 10n ** BigInt(scale - y.scale);
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return units < 0n ? `-${text}` : text;
}

export const negateDecimal = (a: string): string => (a.startsWith('-') ? a.slice(1) : `-${a}`);

const isZero = (a: string) => parseDecimal(a).units === 0n;

const groupKey = (g: { month: string | null; stage: string | null }) => JSON.stringify([g.month, g.stage]);
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * The state plus a delta (groups and stints with signed counts and sums). A group or stage whose count comes to 0 is
 * dropped, as a computation from scratch would not have it; a negative count, or a sum left without rows, means the
 * delta does not fit the state, and throws.
 */
export function applyDelta(state: PipelineState, delta: PipelineState): PipelineState {
  const groups = new Map(state.groups.map((g) => [groupKey(g), g]));
  for (const d of delta.groups) {
    const key = groupKey(d);
    const g = groups.get(key);
    const next = { month: d.month, stage: d.stage, count: (g?.count ?? 0) + d.count, total: addDecimals(g?.total ?? '0', d.total) };
    if (next.count < 0 || (next.count === 0 && !isZero(next.total))) throw new Error(`Pipeline delta does not fit group ${key}`);
    if (next.count === 0) groups.delete(key);
    else groups.set(key, next);
  }
  const stints = new Map(state.stints.map((s) => [s.stage, s]));
  for (const d of delta.stints) {
    const s = stints.get(d.stage);
    const next = { stage: d.stage, stints: (s?.stints ?? 0) + d.stints, seconds: addDecimals(s?.seconds ?? '0', d.seconds) };
    if (next.stints < 0 || (next.stints === 0 && !isZero(next.seconds))) throw new Error(`Pipeline delta does not fit the stints of ${d.stage}`);
    if (next.stints === 0) stints.delete(d.stage);
    else stints.set(d.stage, next);
  }
  return { groups: [...groups.values()], stints: [...stints.values()] };
}

/** Stints of some rows now, less the same rows' stints at an earlier version: a delta for applyDelta. */
export function stintsDelta(now: StintTotal[], before: StintTotal[]): StintTotal[] {
  return [...now, ...before.map((s) => ({ stage: s.stage, stints: -s.stints, seconds: negateDecimal(s.seconds) }))];
}

/**
 * The aggregates of a state, in one order whatever order its groups came in: the same state always gives the same
 * floating-point sums, whether it was computed from scratch or brought forward.
 */
export function toAggregates(state: PipelineState): PipelineAggregates {
  const groups = [...state.groups].sort(byKey(groupKey));
  const byStage = new Map<string, { stage: string | null; count: number; total: string }>();
  for (const g of groups) {
    const key = JSON.stringify(g.stage);
    const agg = byStage.get(key) ?? { stage: g.stage, count: 0, total: '0' };
    byStage.set(key, { stage: g.stage, count: agg.count + g.count, total: addDecimals(agg.total, g.total) });
  }
  return {
    byStage: [...byStage.values()].map((s) => ({ stage: s.stage, count: s.count, total: Number(s.total) })),
    forecast: groups.filter((g) => g.month !== null).map((g) => ({ month: g.month!, stage: g.stage, total: Number(g.total) })),
    stints: [...state.stints].sort(byKey((s) => s.stage)).map((s) => ({ stage: s.stage, seconds: Number(s.seconds), stints: s.stints })),
  };
}
