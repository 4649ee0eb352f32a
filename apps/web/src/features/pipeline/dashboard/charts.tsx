import { arc, pie, scaleBand, scaleLinear } from 'd3';
import { useId, type ReactNode } from 'react';
import { useWidth } from './useWidth';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color?: string;
  /** Shown in the tooltip and the text alternative. */
  detail: string;
}

/** Roughly how wide a character of the charts' 11 px labels is (no measuring: labels are fitted by count). */
const CHAR_PX = 6.5;

/** A label shortened with "…" to fit `px` (the full text stays in the bar's tooltip and the figures table). */
export function fitLabel(text: string, px: number): string {
  const room = Math.max(3, Math.floor(px / CHAR_PX));
  return text.length <= room ? text : `${text.slice(0, room - 1).trimEnd()}…`;
}

/** A chart with a title, a description for screen readers, and the same figures as a table for anyone who wants them. */
function Figure({ title, summary, rows, children }: { title: string; summary: string; rows: [string, string][]; children: (width: number) => ReactNode }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const id = useId();
  return (
    <figure className="chart card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div ref={ref} role="img" aria-label={`${title}: ${summary}`}>
        {children(width)}
      </div>
      <details className="chart__data">
        <summary>Show the figures</summary>
        <table className="table">
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Horizontal bars on a linear axis (stage funnel, days in stage). */
export function HorizontalBars({ title, summary, bars, format }: { title: string; summary: string; bars: Bar[]; format: (n: number) => string }) {
  const rowHeight = 30;
  return (
    <Figure title={title} summary={summary} rows={bars.map((b) => [b.label, b.detail])}>
      {(width) => {
        // Room for the longest label, but never more than 40% of the chart: longer ones are shortened.
        const labelRoom = Math.min(width * 0.4, Math.max(48, ...bars.map((b) => b.label.length * CHAR_PX)));
        const margin = { top: 8, right: 24, bottom: 28, left: labelRoom + 12 };
        const height = margin.top + margin.bottom + bars.length * rowHeight;
        const x = scaleLinear()
          .domain([0, Math.max(1, ...bars.map((b) => b.value))])
          .nice()
          .range([margin.left, width - margin.right]);
        const y = scaleBand()
          .domain(bars.map((b) => b.key))
          .range([margin.top, height - margin.bottom])
          .padding(0.2);
        return (
          <svg width={width} height={height} className="chart__svg">
            {x.ticks(Math.max(2, Math.floor(width / 110))).map((t) => (
              <g key={t} transform={`translate(${x(t)},0)`} className="chart__tick">
                <line y1={margin.top} y2={height - margin.bottom} />
                <text y={height - margin.bottom + 16} textAnchor="middle">
                  {format(t)}
                </text>
              </g>
            ))}
            {bars.map((b) => (
              <g key={b.key} className="chart__bar">
                <text x={margin.left - 8} y={(y(b.key) ?? 0) + y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="chart__label">
                  {fitLabel(b.label, labelRoom)}
                  <title>{b.label}</title>
                </text>
                <rect x={x(0)} y={y(b.key)} width={Math.max(0, x(b.value) - x(0))} height={y.bandwidth()} fill={b.color ?? '#2563eb'} rx={3}>
                  <title>{`${b.label}: ${b.detail}`}</title>
                </rect>
              </g>
            ))}
          </svg>
        );
      }}
    </Figure>
  );
}

/** Vertical bars by category (the forecast by month). */
export function ColumnChart({ title, summary, bars, format }: { title: string; summary: string; bars: Bar[]; format: (n: number) => string }) {
  const height = 240;
  return (
    <Figure title={title} summary={summary} rows={bars.map((b) => [b.label, b.detail])}>
      {(width) => {
        const y = scaleLinear()
          .domain([0, Math.max(1, ...bars.map((b) => b.value))])
          .nice()
          .range([height - 36, 12]);
        // The axis is as wide as its widest figure ("$1,250,000" needs more room than "$500").
        const ticks = y.ticks(5);
        const margin = { top: 12, right: 12, bottom: 36, left: Math.max(40, ...ticks.map((t) => format(t).length * CHAR_PX)) + 10 };
        const x = scaleBand()
          .domain(bars.map((b) => b.key))
          .range([margin.left, width - margin.right])
          .padding(0.25);
        const every = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(width / 70))));
        return (
          <svg width={width} height={height} className="chart__svg">
            {ticks.map((t) => (
              <g key={t} transform={`translate(0,${y(t)})`} className="chart__tick">
                <line x1={margin.left} x2={width - margin.right} />
                <text x={margin.left - 6} dy="0.35em" textAnchor="end">
                  {format(t)}
                </text>
              </g>
            ))}
            {bars.map((b, i) => (
              <g key={b.key} className="chart__bar">
                <rect x={x(b.key)} y={y(b.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(b.value))} fill={b.color ?? '#2563eb'} rx={2}>
                  <title>{`${b.label}: ${b.detail}`}</title>
                </rect>
                {i % every === 0 && (
                  <text x={(x(b.key) ?? 0) + x.bandwidth() / 2} y={height - margin.bottom + 16} textAnchor="middle" className="chart__label">
                    {fitLabel(b.label, x.step() * every - 4)}
                    <title>{b.label}</title>
                  </text>
                )}
              </g>
            ))}
          </svg>
        );
      }}
    </Figure>
  );
}

/** A ring showing one share (the win rate), with the figure in the middle. */
export function Ring({ title, summary, share, label, rows }: { title: string; summary: string; share: number | null; label: string; rows: [string, string][] }) {
  return (
    <Figure title={title} summary={summary} rows={rows}>
      {(width) => {
        const size = Math.min(220, width);
        const radius = size / 2 - 4;
        const slices = pie<number>().sort(null)(share === null ? [0, 1] : [share, 1 - share]);
        const ring = arc<{ startAngle: number; endAngle: number }>()
          .innerRadius(radius * 0.7)
          .outerRadius(radius);
        return (
          <svg width={size} height={size} className="chart__svg">
            <g transform={`translate(${size / 2},${size / 2})`}>
              {slices.map((s, i) => (
                <path key={i} d={ring(s) ?? ''} fill={i === 0 ? '#22c55e' : '#e2e8f0'}>
                  <title>{i === 0 ? `Won: ${label}` : 'Lost or open'}</title>
                </path>
              ))}
              <text textAnchor="middle" dy="0.35em" className="chart__big" data-testid="win-rate">
                {label}
              </text>
            </g>
          </svg>
        );
      }}
    </Figure>
  );
}
