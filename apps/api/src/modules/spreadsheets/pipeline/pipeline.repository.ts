import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ForecastAggregate, StageAggregate, StintAggregate } from './pipeline-report';

/** The aggregates behind the pipeline, computed by PostgreSQL over the sheet's rows and history. */
@Injectable()
export class PipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One scan of the rows: totals per stage, and per (close month, stage) when there is a date column. */
  async aggregates(sheetId: string, stageColumn: string, valueColumn: string, dateColumn: string | null): Promise<{ byStage: StageAggregate[]; forecast: ForecastAggregate[] }> {
    const rows: { month: string | null; stage: string | null; count: number; total: number; by_month: boolean }[] = await this.dataSource.query(
      `SELECT CASE WHEN $4::text IS NULL THEN NULL ELSE left(data->>$4, 7) END AS month, data->>$2 AS stage,
              count(*)::int AS count, coalesce(sum((data->>$3)::numeric), 0)::float8 AS total,
              grouping(CASE WHEN $4::text IS NULL THEN NULL ELSE left(data->>$4, 7) END) = 0 AS by_month
       FROM spreadsheet_rows
       WHERE sheet_id = $1
       GROUP BY GROUPING SETS ((2), (1, 2))`,
      [sheetId, stageColumn, valueColumn, dateColumn],
    );
    return {
      byStage: rows.filter((r) => !r.by_month).map((r) => ({ stage: r.stage, count: r.count, total: r.total })),
      forecast: rows.filter((r) => r.by_month && r.month !== null).map((r) => ({ month: r.month!, stage: r.stage, total: r.total })),
    };
  }

  /**
   * Time in each stage, from the history of the stage column: every row's stage changes in order (its creation with a
   * stage, each edit or restore of the cell, its deletion), each lasting until the next. Only stints that ended count.
   */
  async stints(sheetId: string, stageColumn: string): Promise<StintAggregate[]> {
    return this.dataSource.query(
      `WITH events AS (
         SELECT row_id, seq, at,
                CASE WHEN kind = 'row:create' THEN new_value->>$2 WHEN kind = 'row:delete' THEN NULL ELSE new_value #>> '{}' END AS stage
         FROM spreadsheet_changes
         WHERE sheet_id = $1 AND row_id IS NOT NULL
           AND (kind IN ('row:create', 'row:delete') OR (kind IN ('cell', 'restore') AND column_id = $2::uuid))
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
