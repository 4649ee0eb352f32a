import { queryOptions } from '@tanstack/react-query';
import type { Column, Spreadsheet, View } from '@contrivance/contracts';
import { getPipelineReport, listRows, summarizeRows } from '../../lib/sdk';

export const pipelineKeys = {
  all: (sheetId: string) => ['pipeline', sheetId] as const,
  report: (sheetId: string) => [...pipelineKeys.all(sheetId), 'report'] as const,
  reportFor: (sheetId: string, columns: BoardColumns) => [...pipelineKeys.report(sheetId), columns.stage.id, columns.value.id, columns.date?.id ?? null] as const,
  lane: (sheetId: string, stage: string, viewId?: string) => [...pipelineKeys.all(sheetId), 'lane', stage, viewId ?? null] as const,
};

/** The report for the chosen columns (always named: the server's template defaults fit only pipeline sheets). */
export const pipelineQuery = (sheetId: string, columns: BoardColumns) =>
  queryOptions({
    queryKey: pipelineKeys.reportFor(sheetId, columns),
    queryFn: async ({ signal }) =>
      (await getPipelineReport({ path: { id: sheetId }, query: { stageColumn: columns.stage.id, valueColumn: columns.value.id, dateColumn: columns.date?.id }, signal })).data,
  });

/** How many cards a lane shows; the lane header always has the full count and total. */
export const LANE_LIMIT = 50;

/** The cards of one stage, largest deals first (the server filters and sorts: a lane never loads the whole sheet). */
export const laneQuery = (sheetId: string, stageColumn: string, stage: string, valueColumn: string, viewId?: string) =>
  queryOptions({
    queryKey: pipelineKeys.lane(sheetId, stage, viewId),
    queryFn: async ({ signal }) => {
      // A board view's filter narrows its cards (its own sort is the board's: largest first).
      const query = { filter: [`${stageColumn}:eq:${stage}`], sort: [`${valueColumn}:desc`], limit: LANE_LIMIT, count: false, viewId };
      return (await listRows({ path: { id: sheetId }, query, signal })).data;
    },
  });

/**
 * Each lane's count and total over the rows a board view's filter keeps (the pipeline report covers the whole sheet):
 * the summaries API grouped by the stage.
 */
export const viewLaneStatsQuery = (sheetId: string, columns: BoardColumns, viewId: string) =>
  queryOptions({
    queryKey: [...pipelineKeys.report(sheetId), 'view', viewId, columns.stage.id, columns.value.id] as const,
    queryFn: async ({ signal }) => {
      const query = { viewId, fn: [`${columns.value.id}:sum`], groupBy: [columns.stage.id] };
      const result = (await summarizeRows({ path: { id: sheetId }, query, signal })).data;
      return (result.groups ?? []).flatMap((g) => (g.key === null ? [] : [{ stage: g.key, count: g.count, total: Number(g.values[`${columns.value.id}:sum`] ?? 0) }]));
    },
  });

/** The columns a board is built from: the stages (a single select), the money, and optionally the close date. */
export interface BoardColumns {
  stage: Column;
  value: Column;
  date?: Column;
}

const STAGE_TYPES = ['select'];
const VALUE_TYPES = ['currency', 'number'];
const boardKey = (sheetId: string) => `contrivance.board.${sheetId}`;

/** The column ids a person chose for a sheet's board (kept in this browser). */
export function rememberedBoard(sheetId: string): { stage: string; value: string; date?: string } | null {
  try {
    return JSON.parse(localStorage.getItem(boardKey(sheetId)) ?? 'null') as { stage: string; value: string; date?: string } | null;
  } catch {
    return null;
  }
}

export function rememberBoard(sheetId: string, choice: { stage: string; value: string; date?: string }): void {
  localStorage.setItem(boardKey(sheetId), JSON.stringify(choice));
}

/**
 * The columns the board and dashboard use, or null when they cannot tell (then the person chooses). A remembered
 * choice comes first (while its columns still fit); else the template's names (Stage, Value, Close date); else the
 * only single select and the only currency column of the sheet. A plain number is never taken for money by itself,
 * and of several selects none is picked by chance.
 */
export function boardColumns(sheet: Spreadsheet, view?: View | null): BoardColumns | null {
  const byId = (id?: string) => sheet.columns.find((c) => c.id === id);
  const fits = (c: Column | undefined, types: string[]) => (c && types.includes(c.type) ? c : undefined);
  // A board view names its stage column, and its card fields the value and close date (first of their types).
  if (view?.board) {
    const stage = fits(byId(view.board.stageColumnId), STAGE_TYPES);
    const cards = view.board.cardColumnIds.map(byId);
    const value = cards.find((c) => fits(c, VALUE_TYPES));
    if (stage && value) return { stage, value, date: cards.find((c) => fits(c, ['date'])) };
  }
  const chosen = rememberedBoard(sheet.id);
  if (chosen) {
    const stage = fits(byId(chosen.stage), STAGE_TYPES);
    const value = fits(byId(chosen.value), VALUE_TYPES);
    if (stage && value) return { stage, value, date: fits(byId(chosen.date), ['date']) };
  }
  const named = (name: string, types: string[]) =>
    fits(
      sheet.columns.find((c) => c.name.toLowerCase() === name.toLowerCase()),
      types,
    );
  const only = (types: string[]) => {
    const found = sheet.columns.filter((c) => types.includes(c.type));
    return found.length === 1 ? found[0] : undefined;
  };
  const stage = named('Stage', STAGE_TYPES) ?? only(STAGE_TYPES);
  const value = named('Value', VALUE_TYPES) ?? only(['currency']);
  if (!stage || !value) return null;
  return { stage, value, date: named('Close date', ['date']) ?? only(['date']) };
}

/** Columns that may serve as stages, values and close dates, for the person to choose from. */
export function boardCandidates(sheet: Spreadsheet) {
  return {
    stages: sheet.columns.filter((c) => STAGE_TYPES.includes(c.type)),
    values: sheet.columns.filter((c) => VALUE_TYPES.includes(c.type)),
    dates: sheet.columns.filter((c) => c.type === 'date'),
  };
}

/** The card's other fields: the template's by name, else the first of a fitting type. */
export function cardColumns(sheet: Spreadsheet): { title?: Column; company?: Column; owner?: Column } {
  const byName = (name: string) => sheet.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const ofType = (...types: string[]) => sheet.columns.find((c) => types.includes(c.type));
  const pick = (name: string, ...types: string[]) => {
    const named = byName(name);
    return named && types.includes(named.type) ? named : ofType(...types);
  };
  return { title: pick('Deal', 'text'), company: byName('Company'), owner: pick('Owner', 'user') };
}
