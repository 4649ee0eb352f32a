import type { Spreadsheet } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { Spinner } from '../../../components/Spinner';
import { compactMoney, money, monthLabel, percent } from '../format';
import { useState } from 'react';
import { BoardSetup } from '../board/BoardSetup';
import { boardColumns, pipelineQuery, type BoardColumns } from '../pipeline.api';
import { ColumnChart, HorizontalBars, Ring } from './charts';

/**
 * The pipeline in four charts (d3 scales and shapes, drawn by React): the stage funnel, the weighted forecast by close
 * month, the win rate and the days deals spend in each stage. Loaded in its own bundle chunk, only when opened; it
 * follows the sheet live because the pipeline query is refreshed on every change.
 */
export default function Dashboard({ sheet }: { sheet: Spreadsheet }) {
  const [, setChosen] = useState(0);
  const columns = boardColumns(sheet);
  if (!columns) return <BoardSetup sheet={sheet} onChosen={() => setChosen((n) => n + 1)} />;
  return <Charts sheet={sheet} columns={columns} />;
}

function Charts({ sheet, columns }: { sheet: Spreadsheet; columns: BoardColumns }) {
  const report = useQuery(pipelineQuery(sheet.id, columns));
  if (report.isPending) return <Spinner label="Adding up the pipeline…" />;
  if (report.error)
    return (
      <p className="notice notice--error" role="alert">
        {report.error.message}
      </p>
    );
  const r = report.data;
  const closed = r.stages.filter((s) => s.probability === 100 || s.probability === 0).reduce((n, s) => n + s.count, 0);
  const won = r.stages.filter((s) => s.probability === 100).reduce((n, s) => n + s.count, 0);
  // The pipeline is what is still open: closed deals (won at 100 %, lost at 0 %) are not in it.
  const openStages = r.stages.filter((s) => s.probability !== 100 && s.probability !== 0);
  const open = {
    count: openStages.reduce((n, s) => n + s.count, 0),
    total: openStages.reduce((n, s) => n + s.total, 0),
    weighted: openStages.reduce((n, s) => n + s.weighted, 0),
  };
  const wonTotal = r.stages.filter((s) => s.probability === 100).reduce((n, s) => n + s.total, 0);

  return (
    <div className="dashboard" data-testid="dashboard">
      <p className="dashboard__totals">
        <strong>{open.count.toLocaleString()}</strong> open deals · <strong>{money(open.total)}</strong> in the pipeline · <strong>{money(open.weighted)}</strong> weighted · won{' '}
        <strong>{money(wonTotal)}</strong>
      </p>
      <div className="dashboard__grid">
        <HorizontalBars
          title="Stage funnel"
          summary={r.stages.map((s) => `${s.label} ${s.count} deals, ${money(s.total)}`).join('; ')}
          format={compactMoney}
          bars={r.stages.map((s) => ({
            key: s.stage,
            label: `${s.label} (${s.count})`,
            value: s.total,
            color: s.color,
            detail: `${s.count} deals, ${money(s.total)}, weighted ${money(s.weighted)}`,
          }))}
        />
        <ColumnChart
          title="Weighted forecast by close month"
          summary={r.forecast.length ? r.forecast.map((f) => `${monthLabel(f.month)} ${money(f.weighted)}`).join('; ') : 'no deals with a close date'}
          format={compactMoney}
          bars={r.forecast.map((f) => ({ key: f.month, label: monthLabel(f.month), value: f.weighted, detail: `${money(f.weighted)} weighted of ${money(f.total)}` }))}
        />
        <Ring
          title="Win rate"
          summary={r.winRate === null ? 'no deal won or lost yet' : `${percent(r.winRate)} of ${closed} closed deals won`}
          share={r.winRate}
          label={r.winRate === null ? '—' : percent(r.winRate)}
          rows={[
            ['Won', String(won)],
            ['Lost', String(closed - won)],
          ]}
        />
        {r.avgDaysInStage.every((d) => d.days === null) ? (
          <figure className="chart card">
            <h3>Average days in stage</h3>
            <p className="muted">No deal has moved on from a stage yet: the averages appear once deals change stage.</p>
          </figure>
        ) : (
          <HorizontalBars
            title="Average days in stage"
            summary={r.avgDaysInStage
              .map((d) => `${r.stages.find((s) => s.stage === d.stage)?.label}: ${d.days === null ? 'no deal has left it yet' : `${d.days} days`}`)
              .join('; ')}
            format={(n) => `${n} d`}
            bars={r.avgDaysInStage.map((d) => {
              const stage = r.stages.find((s) => s.stage === d.stage);
              return {
                key: d.stage,
                label: stage?.label ?? d.stage,
                value: d.days ?? 0,
                color: stage?.color,
                detail: d.days === null ? 'no deal has left it yet' : `${d.days} days on average`,
              };
            })}
          />
        )}
      </div>
    </div>
  );
}
