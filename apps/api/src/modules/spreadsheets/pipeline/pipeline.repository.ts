import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ForecastAggregate, StageAggregate, StintAggregate } from './pipeline-report';

/** The aggregates behind the pipeline, computed by PostgreSQL over the sheet's rows and history. */
@Injectable()
export class PipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One scan of the rows, hashed by (close month, stage): the per-stage totals are sums of these groups, so no second
   * pass and no sort are needed. Rows without a close date (or without a date column) have a null month.
   */
  async aggregates(sheetId: string, stageColumn: string, valueColumn: string, dateColumn: string | null): Promise<{ byStage: StageAggregate[]; forecast: ForecastAggregate[] }> {
    const groups: { month: string | null; stage: string | null; count: number; total: number }[] = await this.dataSource.query(
      `SELECT left(data->>$4::text, 7) AS month, data->>$2 AS stage, count(*)::int AS count, coalesce(sum((data->>$3)::numeric), 0)::float8 AS total
       FROM spreadsheet_rows WHERE sheet_id = $1
       GROUP BY 1, 2`,
      [sheetId, stageColumn, valueColumn, dateColumn],
    );
    const byStage = new Map<string | null, StageAggregate>();
    for (const g of groups) {
      const agg = byStage.get(g.stage) ?? { stage: g.stage, count: 0, total: 0 };
      agg.count += g.count;
      agg.total += g.total;
      byStage.set(g.stage, agg);
    }
    return {
      byStage: [...byStage.values()],
      forecast: groups.filter((g) => g.month !== null).map((g) => ({ month: g.month!, stage: g.stage, total: g.total })),
    };
  }

  /** The sheet's change counter: it moves with every committed change, so aggregates read between two equal readings are of that version. */
  async version(sheetId: string): Promise<string> {
    const [row]: { version: string }[] = await this.dataSource.query(`SELECT version FROM spreadsheets WHERE id = $1`, [sheetId]);
    return row?.version ?? '';
  }

  /**
   * Time in each stage, from the history of the stage column: every row's stage changes in order (its creation with a
   * stage, each edit or restore of the cell, its deletion), each lasting until the next. A row created without a
   * history entry of its own (an import, a template) starts its first stint at its creation time, in the stage its
   * first recorded change moved it out of. Only stints that ended count.
   */
  async stints(sheetId: string, stageColumn: string): Promise<StintAggregate[]> {
    return this.dataSource.query(
      `WITH changes AS (
         SELECT row_id, seq, at, kind, old_value,
                CASE WHEN kind = 'row:create' THEN new_value->>$2 WHEN kind = 'row:delete' THEN NULL ELSE new_value #>> '{}' END AS stage
         FROM spreadsheet_changes
         WHERE sheet_id = $1 AND row_id IS NOT NULL
           AND (kind IN ('row:create', 'row:delete') OR (kind IN ('cell', 'restore') AND column_id = $2::uuid))
       ), firsts AS (
         SELECT DISTINCT ON (row_id) row_id, kind, old_value FROM changes ORDER BY row_id, seq
       ), starts AS (
         SELECT f.row_id, 0::bigint AS seq, r.created_at AS at, f.old_value #>> '{}' AS stage
         FROM firsts f JOIN spreadsheet_rows r ON r.sheet_id = $1 AND r.id = f.row_id
         WHERE f.kind IN ('cell', 'restore')
       ), events AS (
         SELECT row_id, seq, at, stage FROM changes
         UNION ALL
         SELECT row_id, seq, at, stage FROM starts
       ), stints AS (
         SELECT stage, at, lead(at) OVER (PARTITION BY row_id ORDER BY seq) AS left_at FROM events
       )
       SELECT stage, sum(extract(epoch FROM left_at - at))::float8 AS seconds, count(*)::int AS stints
       FROM stints WHERE stage IS NOT NULL AND left_at IS NOT NULL
       GROUP BY stage`,
      [sheetId, stageColumn],
    );
  }
}
