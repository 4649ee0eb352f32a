import type { BoardSettings, Column, Member, Row, RowPage, Spreadsheet, View } from '@contrivance/contracts';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { Spinner } from '../../../components/Spinner';
import { linkedText, valueText } from '../../../lib/value-text';
import { dayLabel, money } from '../format';
import { boardColumns, cardColumns, laneQuery, pipelineKeys, pipelineQuery, viewLaneStatsQuery, type BoardColumns } from '../pipeline.api';
import { BoardSetup } from './BoardSetup';

export interface BoardProps {
  sheet: Spreadsheet;
  members: Member[];
  editable: boolean;
  /** Changes a row's stage through the same path as a cell edit; resolves false when it was refused. */
  onMove: (rowId: string, stageColumnId: string, stage: string) => Promise<boolean>;
  /** The board view shown: its stage column and card fields make the board, its filter narrows the cards. */
  view?: View | null;
  /** Saves a new choice of columns into the view shown (absent without a view, or when I may not change it). */
  onSaveView?: (board: BoardSettings) => void;
}

/** The company a card names: a link or lookup column (say, to a sheet of companies) by its labels. */
const companyText = (column: Column, value: unknown) => (column.type === 'link' || column.type === 'lookup' ? linkedText(value) : valueText(value));

/**
 * The stage board: one lane per stage option in option order, with the lane's count and total from the pipeline
 * report and its largest deals as cards. Editors drag a card (or pick a stage on it, from the keyboard) to move the
 * deal; the move shows at once and is undone if refused.
 */
export function PipelineBoard(props: BoardProps) {
  const [changing, setChanging] = useState(false);
  const [, setChosen] = useState(0);
  const { view, onSaveView } = props;
  const columns = boardColumns(props.sheet, view);
  // A view someone else keeps: its columns are its own (changing them here would not show).
  const mayChange = !view || !!onSaveView;
  if (!columns || changing) {
    return (
      <BoardSetup
        sheet={props.sheet}
        onChosen={() => {
          setChanging(false);
          setChosen((n) => n + 1);
        }}
        onCancel={columns ? () => setChanging(false) : undefined}
        onSave={view && onSaveView ? (c) => onSaveView({ stageColumnId: c.stage, cardColumnIds: [c.value, ...(c.date ? [c.date] : [])] }) : undefined}
      />
    );
  }
  return <Lanes {...props} columns={columns} onChangeColumns={mayChange ? () => setChanging(true) : undefined} />;
}

function Lanes({ sheet, members, editable, onMove, columns, onChangeColumns, view }: BoardProps & { columns: BoardColumns; onChangeColumns?: () => void }) {
  const queryClient = useQueryClient();
  const cols = { ...cardColumns(sheet), ...columns };
  // A view's filter narrows the lanes: their counts and totals come from the same rows as their cards.
  const filtered = view?.filter ? view : undefined;
  const report = useQuery({ ...pipelineQuery(sheet.id, columns), enabled: !filtered });
  const viewStats = useQuery({ ...viewLaneStatsQuery(sheet.id, columns, filtered?.id ?? ''), enabled: !!filtered });
  const options = columns.stage.options ?? [];
  const lanes = useQueries({ queries: options.map((o) => laneQuery(sheet.id, columns.stage.id, o.id, columns.value.id, filtered?.id)) });
  const [dragged, setDragged] = useState<{ row: Row; from: string } | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const stageColumn = columns.stage;
  const valueColumn = columns.value;
  const name = (id: unknown) => members.find((m) => m.userId === id)?.displayName;
  const stats = new Map((filtered ? viewStats.data : report.data?.stages)?.map((s) => [s.stage, s]));

  const move = async (row: Row, from: string, to: string) => {
    if (from === to) return;
    const moved = { ...row, values: { ...row.values, [stageColumn.id]: to } };
    const byValue = (a: Row, b: Row) => Number(b.values[valueColumn.id] ?? 0) - Number(a.values[valueColumn.id] ?? 0);
    queryClient.setQueryData<RowPage>(pipelineKeys.lane(sheet.id, from, filtered?.id), (page) => page && { ...page, items: page.items.filter((r) => r.id !== row.id) });
    queryClient.setQueryData<RowPage>(pipelineKeys.lane(sheet.id, to, filtered?.id), (page) => page && { ...page, items: [...page.items, moved].sort(byValue) });
    const saved = await onMove(row.id, stageColumn.id, to);
    void queryClient.invalidateQueries({ queryKey: saved ? pipelineKeys.report(sheet.id) : pipelineKeys.all(sheet.id) });
  };

  const dropOn = (to: string) => (event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    if (dragged) void move(dragged.row, dragged.from, to);
    setDragged(null);
  };

  return (
    <>
      <p className="board__setup muted">
        Stages from <strong>{stageColumn.name}</strong>, values from <strong>{valueColumn.name}</strong>.{' '}
        {onChangeColumns && (
          <button type="button" className="button button--ghost button--small" onClick={onChangeColumns}>
            Change
          </button>
        )}
      </p>
      <div className="board" role="list" aria-label="Stages">
        {options.map((option, i) => {
          const lane = lanes[i];
          const stat = stats.get(option.id);
          // Only once the lane has loaded: while it loads, every deal would count as "more".
          const more = lane.data ? (stat?.count ?? 0) - lane.data.items.length : 0;
          return (
            <section
              key={option.id}
              role="listitem"
              aria-label={`${option.label} lane`}
              className={`board__lane${over === option.id ? ' board__lane--over' : ''}`}
              style={{ borderTopColor: option.color }}
              onDragOver={(e) => {
                if (!editable || !dragged) return;
                e.preventDefault();
                setOver(option.id);
              }}
              onDragLeave={() => setOver((o) => (o === option.id ? null : o))}
              onDrop={dropOn(option.id)}
            >
              <header className="board__lane-header">
                <h3>{option.label}</h3>
                <p className="muted" data-testid={`lane-stats-${option.id}`}>
                  {stat ? `${stat.count} · ${money(stat.total)}` : '…'}
                  {option.probability !== undefined && <span className="board__probability"> · {option.probability}%</span>}
                </p>
              </header>
              {lane.isPending ? (
                <Spinner label="Loading deals…" />
              ) : lane.error ? (
                <p className="muted">Could not load this stage.</p>
              ) : !lane.data.items.length ? (
                <p className="board__empty muted">No deals</p>
              ) : (
                <ul className="board__cards">
                  {lane.data.items.map((row) => {
                    const title = valueText((cols.title && row.values[cols.title.id]) ?? 'Untitled');
                    return (
                      <li
                        key={row.id}
                        className="board__card card"
                        draggable={editable}
                        aria-label={title}
                        onDragStart={(e) => {
                          e.dataTransfer.effectAllowed = 'move';
                          e.dataTransfer.setData('text/plain', row.id);
                          setDragged({ row, from: option.id });
                        }}
                        onDragEnd={() => setDragged(null)}
                      >
                        <strong className="board__title">{title}</strong>
                        {cols.company && row.values[cols.company.id] != null && <span className="muted">{companyText(cols.company, row.values[cols.company.id])}</span>}
                        <span className="board__value">{typeof row.values[valueColumn.id] === 'number' ? money(row.values[valueColumn.id] as number) : '—'}</span>
                        <span className="board__meta muted">
                          {cols.owner && name(row.values[cols.owner.id])}
                          {cols.date && typeof row.values[cols.date.id] === 'string' && ` · closes ${dayLabel(row.values[cols.date.id] as string)}`}
                        </span>
                        {editable && (
                          <select aria-label={`Stage of ${title}`} value={option.id} onChange={(e) => void move(row, option.id, e.target.value)}>
                            {options.map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {more > 0 && <p className="muted board__more">+{more} more (largest shown; the grid has them all)</p>}
            </section>
          );
        })}
      </div>
    </>
  );
}
