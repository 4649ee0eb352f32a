import type { Column } from '@contrivance/contracts';
import { buildPipelineReport } from './pipeline-report';

const stage: Column = {
  id: 'c-stage',
  name: 'Stage',
  type: 'select',
  position: 0,
  required: false,
  hidden: false,
  options: [
    { id: 'lead', label: 'Lead', probability: 10 },
    { id: 'maybe', label: 'Maybe' },
    { id: 'won', label: 'Won', probability: 100 },
    { id: 'lost', label: 'Lost', probability: 0 },
  ],
};
const value = { id: 'c-value', name: 'Value', type: 'currency' } as Column;
const date = { id: 'c-close', name: 'Close date', type: 'date' } as Column;
const columns = { stage, value, date };

describe('buildPipelineReport', () => {
  it('gives zeros, no forecast and no win rate for an empty sheet', () => {
    const report = buildPipelineReport(columns, [], [], []);
    expect(report.stages.map((s) => [s.stage, s.count, s.total, s.weighted])).toEqual([
      ['lead', 0, 0, 0],
      ['maybe', 0, 0, 0],
      ['won', 0, 0, 0],
      ['lost', 0, 0, 0],
    ]);
    expect(report).toMatchObject({ forecast: [], winRate: null, unstaged: { count: 0, total: 0 }, totals: { count: 0, total: 0, weighted: 0 } });
    expect(report.avgDaysInStage).toEqual([
      { stage: 'lead', days: null },
      { stage: 'maybe', days: null },
      { stage: 'won', days: null },
      { stage: 'lost', days: null },
    ]);
  });

  it('weights totals by probability; an option without one weighs nothing; rows without a known stage are apart', () => {
    const report = buildPipelineReport(
      columns,
      [
        { stage: 'lead', count: 3, total: 1000.5 },
        { stage: 'maybe', count: 2, total: 400 },
        { stage: 'won', count: 1, total: 250 },
        { stage: null, count: 4, total: 90 },
        { stage: 'retired-option', count: 1, total: 10 },
      ],
      [],
      [],
    );
    expect(report.stages.map((s) => [s.stage, s.probability, s.count, s.total, s.weighted])).toEqual([
      ['lead', 10, 3, 1000.5, 100.05],
      ['maybe', null, 2, 400, 0],
      ['won', 100, 1, 250, 250],
      ['lost', 0, 0, 0, 0],
    ]);
    expect(report.unstaged).toEqual({ count: 5, total: 100 });
    expect(report.totals).toEqual({ count: 11, total: 1750.5, weighted: 350.05 });
  });

  it('forecasts by close month, weighted, oldest first', () => {
    const report = buildPipelineReport(
      columns,
      [],
      [
        { month: '2026-12', stage: 'lead', total: 1000 },
        { month: '2026-11', stage: 'won', total: 300 },
        { month: '2026-12', stage: 'lost', total: 500 },
        { month: '2026-12', stage: null, total: 50 },
      ],
      [],
    );
    expect(report.forecast).toEqual([
      { month: '2026-11', total: 300, weighted: 300 },
      { month: '2026-12', total: 1550, weighted: 100 },
    ]);
  });

  it('computes the win rate from won (100 %) and lost (0 %) stages by count', () => {
    const report = buildPipelineReport(
      columns,
      [
        { stage: 'won', count: 3, total: 0 },
        { stage: 'lost', count: 1, total: 0 },
        { stage: 'lead', count: 10, total: 0 },
      ],
      [],
      [],
    );
    expect(report.winRate).toBe(0.75);
  });

  it('averages the days spent in each stage over the stints that ended', () => {
    const report = buildPipelineReport(
      columns,
      [],
      [],
      [
        { stage: 'lead', seconds: 3 * 86_400, stints: 2 },
        { stage: 'won', seconds: 0, stints: 0 },
      ],
    );
    expect(report.avgDaysInStage.find((d) => d.stage === 'lead')).toEqual({ stage: 'lead', days: 1.5 });
    expect(report.avgDaysInStage.find((d) => d.stage === 'won')).toEqual({ stage: 'won', days: null });
  });
});
