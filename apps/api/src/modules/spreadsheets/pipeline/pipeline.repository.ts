import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { storedKeyOfIdSql } from '../cells/stored-keys';
import type { CurrentRow, LoggedChange, PipelineColumns } from './pipeline-changes';
import type { RowGroup, StintTotal } from './pipeline-state';

/** Reads run on the data source, or inside a snapshot (see PipelineRepository.snapshot). */
type Reader = Pick<EntityManager, 'query'>;

/**
 * A value's text as an exact number, or null when it is not one. History holds values from before a retype (text in
 * what is a number column now), which must not fail the report; a number column's own values always are numbers.
 */
const NUMBER = (text: string) => `CASE WHEN ${text} ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$' THEN (${text})::numeric::text END`;

/** A row's cells as the report reads them, from a JSON object of cells by column id ($2 stage, $3 value, $4 date). */
const CELLS = (json: string) => `${json}->>$2::text AS stage, ${NUMBER(`(${json}->>$3::text)`)} AS value, left(${json}->>$4::text, 7) AS month`;

/** The same of a row's stored `data`, whose cells are under the columns' stored keys (see cells/stored-keys). */
const ROW_CELLS = `data->>${storedKeyOfIdSql('$2')} AS stage, (data->>${storedKeyOfIdSql('$3')})::numeric::text AS value, left(data->>${storedKeyOfIdSql('$4')}, 7) AS month`;

/** History entries that move a row's stage: its creation, its deletion, a change of its stage cell ($2). */
const STAGE_CHANGE = `(kind IN ('row:create', 'row:delete') OR (kind IN ('cell', 'restore') AND column_id = $2::uuid))`;

/**
 * Time in each stage, from the history of the stage column: every row's stage changes in order (its creation with a
 * stage, each edit or restore of the cell, its deletion), each lasting until the next. A row created without a
 * history entry of its own (an import, a template) starts its first stint at its creation time, in the stage its
 * first recorded change moved it out of. Only stints that ended count.
 *
 * Of the whole sheet, or (`ofRows`) of the rows $3 as of version $4 (null: now), where the rows $5 did not exist
 * (so have no first stint from their creation).
 */
function stintsSql(ofRows: boolean): string {
  return `WITH changes AS (
      SELECT row_id, seq, at, kind, old_value,
             CASE WHEN kind = 'row:create' THEN new_value->>$2 WHEN kind = 'row:delete' THEN NULL ELSE new_value #>> '{}' END AS stage
      FROM spreadsheet_changes
      WHERE sheet_id = $1 AND row_id IS NOT NULL AND ${STAGE_CHANGE}
        ${ofRows ? 'AND row_id = ANY($3::uuid[]) AND ($4::bigint IS NULL OR version <= $4::bigint)' : ''}
    ), firsts AS (
      SELECT DISTINCT ON (row_id) row_id, kind, old_value FROM changes ORDER BY row_id, seq
    ), starts AS (
      SELECT f.row_id, 0::bigint AS seq, r.created_at AS at, f.old_value #>> '{}' AS stage
      FROM firsts f JOIN spreadsheet_rows r ON r.sheet_id = $1 AND r.id = f.row_id
      WHERE f.kind IN ('cell', 'restore') ${ofRows ? 'AND f.row_id <> ALL($5::uuid[])' : ''}
    ), events AS (
      SELECT row_id, seq, at, stage FROM changes
      UNION ALL
      SELECT row_id, seq, at, stage FROM starts
    ), stints AS (
      SELECT stage, at, lead(at) OVER (PARTITION BY row_id ORDER BY seq) AS left_at FROM events
    )
    SELECT stage, sum(extract(epoch FROM left_at - at))::numeric::text AS seconds, count(*)::int AS stints
    FROM stints WHERE stage IS NOT NULL AND left_at IS NOT NULL
    GROUP BY stage`;
}

/** Rows, at most, looked at past an import's own at the end of the sheet before all the rows are searched for them. */
const ROWS_ADDED_SINCE_AN_IMPORT = 1000;

/** The aggregates behind the pipeline, computed by PostgreSQL over the sheet's rows and history. */
@Injectable()
export class PipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `fn` in one read-only REPEATABLE READ transaction: every read it makes sees the same committed version of
   * the sheet (a change commits its rows, history and version bump together).
   */
  snapshot<T>(fn: (tx: Reader) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return fn(tx);
    });
  }

  /**
   * One scan of the rows, hashed by (close month, stage), with exact sums (see RowGroup). Rows without a close date
   * (or without a date column) have a null month.
   */
  async groups(sheetId: string, columns: PipelineColumns): Promise<RowGroup[]> {
    return this.dataSource.query(
      `SELECT left(data->>${storedKeyOfIdSql('$4')}, 7) AS month, data->>${storedKeyOfIdSql('$2')} AS stage, count(*)::int AS count,
              coalesce(sum((data->>${storedKeyOfIdSql('$3')})::numeric), 0)::text AS total
       FROM spreadsheet_rows WHERE sheet_id = $1
       GROUP BY 1, 2`,
      [sheetId, columns.stage, columns.value, columns.date],
    );
  }

  /** The sheet's change counter: it moves with every committed change, so aggregates read between two equal readings are of that version. */
  async version(sheetId: string, reader: Reader = this.dataSource): Promise<string> {
    const [row]: { version: string }[] = await reader.query(`SELECT version FROM spreadsheets WHERE id = $1`, [sheetId]);
    return row?.version ?? '';
  }

  /** Ended stints per stage over the whole sheet's history (see stintsSql). */
  async stints(sheetId: string, stageColumn: string): Promise<StintTotal[]> {
    return this.dataSource.query(stintsSql(false), [sheetId, stageColumn]);
  }

  /** Ended stints per stage of some rows, now or as of a version (see stintsSql); `absent`: rows not there then. */
  async rowStints(reader: Reader, sheetId: string, stageColumn: string, rowIds: string[], asOf: { version: number; absent: string[] } | null): Promise<StintTotal[]> {
    if (!rowIds.length) return [];
    return reader.query(stintsSql(true), [sheetId, stageColumn, rowIds, asOf?.version ?? null, asOf?.absent ?? []]);
  }

  /** Of these rows, the ones whose first stage change up to `version` was a cell's (their first stint ran from their creation). */
  async stintsFromCreation(reader: Reader, sheetId: string, stageColumn: string, rowIds: string[], version: number): Promise<string[]> {
    if (!rowIds.length) return [];
    const firsts: { row_id: string; kind: string }[] = await reader.query(
      `SELECT DISTINCT ON (row_id) row_id, kind FROM spreadsheet_changes
       WHERE sheet_id = $1 AND row_id = ANY($3::uuid[]) AND version <= $4 AND ${STAGE_CHANGE}
       ORDER BY row_id, seq`,
      [sheetId, stageColumn, rowIds, version],
    );
    return firsts.filter((f) => f.kind === 'cell' || f.kind === 'restore').map((f) => f.row_id);
  }

  /**
   * The changes after `since` that can move the pipeline (see LoggedChange), oldest first, with the cells they held
   * read as the rows' are; null when there are more than `limit`.
   */
  async changesSince(reader: Reader, sheetId: string, columns: PipelineColumns, since: number, limit: number): Promise<LoggedChange[] | null> {
    const rows: {
      version: string;
      kind: LoggedChange['kind'];
      row_id: string | null;
      column_id: string | null;
      before: string | null;
      stage: string | null;
      value: string | null;
      month: string | null;
      template: boolean;
      imported_rows: number | null;
    }[] = await reader.query(
      `SELECT version, kind, row_id, column_id,
         CASE WHEN kind IN ('cell', 'restore') THEN
           CASE WHEN column_id = $3::uuid THEN ${NUMBER(`(old_value #>> '{}')`)} WHEN column_id = $4::uuid THEN left(old_value #>> '{}', 7) ELSE old_value #>> '{}' END
         END AS before,
         ${CELLS(`CASE WHEN kind = 'row:delete' THEN old_value END`)},
         kind = 'import' AND coalesce(new_value ? 'template', false) AS template,
         CASE WHEN kind = 'import' THEN (new_value->>'rows')::int END AS imported_rows
       FROM spreadsheet_changes
       WHERE sheet_id = $1 AND version > $5
         AND (kind IN ('row:create', 'row:delete', 'import') OR column_id IN ($2::uuid, $3::uuid, $4::uuid))
       ORDER BY version, seq
       LIMIT $6`,
      [sheetId, columns.stage, columns.value, columns.date, since, limit + 1],
    );
    if (rows.length > limit) return null;
    return rows.map((r) => ({
      version: Number(r.version),
      kind: r.kind,
      rowId: r.row_id,
      columnId: r.column_id,
      before: r.before,
      deleted: r.kind === 'row:delete' ? { stage: r.stage, value: r.value, month: r.month } : null,
      template: r.template,
      importedRows: r.imported_rows,
    }));
  }

  /**
   * The cells of these rows as they are, and of the rows these imports wrote. An import appends its rows after the
   * sheet's last one and says how many it wrote, so they are looked for among the sheet's last rows first (a walk back
   * along the position index), and only when some are not there (moved, or many rows added since) in all the rows.
   */
  async currentRows(
    reader: Reader,
    sheetId: string,
    columns: PipelineColumns,
    rowIds: string[],
    imports: { version: number; rows: number | null }[],
  ): Promise<Map<string, CurrentRow>> {
    const params = [sheetId, columns.stage, columns.value, columns.date];
    const select = (from: string) => `SELECT id, ${ROW_CELLS}, created_in FROM ${from}`;
    type Found = { id: string; stage: string | null; value: string | null; month: string | null; created_in: string | null };
    const found: Found[] = rowIds.length ? await reader.query(`${select('spreadsheet_rows')} WHERE sheet_id = $1 AND id = ANY($5::uuid[])`, [...params, rowIds]) : [];
    for (const { version, rows } of imports) {
      if (rows === 0) continue;
      let written: Found[] = [];
      if (rows !== null) {
        const last = `(SELECT id, data, created_in FROM spreadsheet_rows WHERE sheet_id = $1 ORDER BY position DESC LIMIT $6) r`;
        written = await reader.query(`${select(last)} WHERE created_in = $5`, [...params, version, rows + ROWS_ADDED_SINCE_AN_IMPORT]);
      }
      if (rows === null || written.length < rows) written = await reader.query(`${select('spreadsheet_rows')} WHERE sheet_id = $1 AND created_in = $5`, [...params, version]);
      found.push(...written);
    }
    return new Map(found.map((r) => [r.id, { stage: r.stage, value: r.value, month: r.month, createdIn: r.created_in === null ? null : Number(r.created_in) }]));
  }
}
