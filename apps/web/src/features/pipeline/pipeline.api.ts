import { queryOptions } from '@tanstack/react-query';
import type { Column, PipelineReport, RowPage, Spreadsheet } from '@contrivance/contracts';
import { http } from '../../lib/http';

export const pipelineKeys = {
  all: (sheetId: string) => ['pipeline', sheetId] as const,
  report: (sheetId: string) => [...pipelineKeys.all(sheetId), 'report'] as const,
  lane: (sheetId: string, stage: string) => [...pipelineKeys.all(sheetId), 'lane', stage] as const,
};

export const pipelineQuery = (sheetId: string) =>
  queryOptions({ queryKey: pipelineKeys.report(sheetId), queryFn: ({ signal }) => http<PipelineReport>(`/api/spreadsheets/${sheetId}/pipeline`, { signal }) });

/** How many cards a lane shows; the lane header always has the full count and total. */
export const LANE_LIMIT = 50;

/** The cards of one stage, largest deals first (the server filters and sorts: a lane never loads the whole sheet). */
export const laneQuery = (sheetId: string, stageColumn: string, stage: string, valueColumn: string) =>
  queryOptions({
    queryKey: pipelineKeys.lane(sheetId, stage),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ filter: `${stageColumn}:eq:${stage}`, sort: `${valueColumn}:desc`, limit: String(LANE_LIMIT), count: 'false' });
      return http<RowPage>(`/api/spreadsheets/${sheetId}/rows?${params}`, { signal });
    },
  });

/** The columns the board and dashboard use: the template's by name, else the first of a fitting type. */
export function pipelineColumns(sheet: Spreadsheet): { stage?: Column; value?: Column; date?: Column; title?: Column; company?: Column; owner?: Column } {
  const byName = (name: string) => sheet.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const ofType = (...types: string[]) => sheet.columns.find((c) => types.includes(c.type));
  const pick = (name: string, ...types: string[]) => {
    const named = byName(name);
    return named && types.includes(named.type) ? named : ofType(...types);
  };
  return {
    stage: pick('Stage', 'select'),
    value: pick('Value', 'currency', 'number'),
    date: pick('Close date', 'date'),
    title: pick('Deal', 'text'),
    company: byName('Company'),
    owner: pick('Owner', 'user'),
  };
}
