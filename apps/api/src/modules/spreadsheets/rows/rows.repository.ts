import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CellValue, Column, Row, RowPage } from '@contrivance/contracts';
import { DatabaseConnections } from '../../../database/database-connections';
import { queryRows } from '../../../database/query-rows';
import { SqlParams } from '../../../database/sql-params';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type EntityManager } from 'typeorm';
import { positionText, respread, spread } from './row-positions';
import { rowDataSql } from '../cells/row-data';
import type { LinkedSheets } from '../cells/linked-columns';
import { RowCursors, type RowCursorPoint } from './row-cursor';
import { buildRowsSql, type RowsSelection } from './rows-query';
import { toRow, type RowRecord } from '../spreadsheets.mapper';
import { dataByIdSql, dataByKeySql, storedKeyOfIdSql, storedKeys, type StoredKeys } from '../cells/stored-keys';

/** How long closing an abandoned export's cursor may take before its connection is released anyway. */
const CURSOR_CLOSE_MS = 5000;
/** The stored key of column $2 as `k.key`, a FROM item of the statements about one column. */
const KEY_OF_2 = `(SELECT ${storedKeyOfIdSql('$2')} AS key) k`;

/** Rows after an insertion point that may be spread out to make room, before the whole sheet is renumbered. */
const RESPREAD_WINDOW = 1000;

/** Writes rows into an open COPY; see RowsRepository.appender. */
export interface RowAppender {
  /** Writes rows and answers the ids they were given. */
  write(rows: Record<string, CellValue>[]): Promise<string[]>;
  end(): Promise<void>;
}

/** A row after `patchReturningBefore`, with what it held before. */
type PatchedRecord = RowRecord & { old_data: Record<string, CellValue>; old_version: number; old_updated_at: Date; patched: boolean };

const COLUMNS = 'r.id, r.position, r.data, r.version, r.created_at, r.updated_at, r.updated_by';

/** A row as read, its cells keyed by column id (see stored-keys). */
const rowOf = (keys: StoredKeys, r: RowRecord): Row => toRow({ ...r, data: keys.toIds(r.data) });

async function* keyedById(rows: AsyncIterable<RowRecord>, keys: StoredKeys): AsyncGenerator<RowRecord> {
  for await (const r of rows) yield { ...r, data: keys.toIds(r.data) };
}

/**
 * What rows read as: COLUMNS with formula cells computed into `data`, and with `linked` (what the reader may see of
 * linked sheets) link, lookup and rollup cells as readers get them; writers read without it (see rowDataSql).
 */
const readColumns = (columns: readonly Column[], params: SqlParams, linked?: LinkedSheets) =>
  `r.id, r.position, ${rowDataSql(columns, params, 'r.', linked)} AS data, r.version, r.created_at, r.updated_at, r.updated_by`;

@Injectable()
export class RowsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: DatabaseConnections,
  ) {}

  async get(sheetId: string, columns: readonly Column[], rowId: string, linked?: LinkedSheets): Promise<Row | null> {
    const params = new SqlParams([sheetId, rowId]);
    const rows: RowRecord[] = await this.dataSource.query(
      `SELECT ${readColumns(columns, params, linked)} FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2`,
      params.values,
    );
    return rows.length ? rowOf(storedKeys(columns), rows[0]) : null;
  }

  /** Rows by id as `linked` lets a reader see them (rows not found are left out). */
  async getMany(sheetId: string, columns: readonly Column[], ids: string[], linked: LinkedSheets): Promise<Map<string, Row>> {
    if (!ids.length) return new Map();
    const params = new SqlParams([sheetId, ids]);
    const rows: RowRecord[] = await this.dataSource.query(
      `SELECT ${readColumns(columns, params, linked)} FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = ANY($2::uuid[])`,
      params.values,
    );
    const keys = storedKeys(columns);
    return new Map(rows.map((r) => [r.id, rowOf(keys, r)]));
  }

  /** One page, sorted and filtered in SQL; the total only when asked for (it costs a second scan). */
  async page(
    sheetId: string,
    columns: Column[],
    query: RowsSelection & { limit: number; offset: number; after?: RowCursorPoint; count: boolean },
    linked?: LinkedSheets,
  ): Promise<RowPage> {
    const params = new SqlParams([sheetId]);
    const sql = buildRowsSql(columns, query.sort, query.filter, params, linked, query.where);
    // After a cursor (sheet order only): a range of the (sheet_id, position, id) index, or of a view's partial index in
    // the same order, so the page costs the same at any depth.
    const after = query.after ? ` AND (r.position, r.id) > (${params.add(query.after.position)}::numeric, ${params.add(query.after.id)}::uuid)` : '';
    const page = `FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where}${after} ORDER BY ${sql.orderBy} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    // Past the first page, a deferred join: the skipped rows are only counted off in an index (in sheet order, an
    // index-only scan of (sheet_id, position, id)), and just the page's rows are read, in the order found.
    const items: RowRecord[] = await this.dataSource.query(
      query.offset > 0
        ? `SELECT ${readColumns(columns, params, linked)} FROM unnest(ARRAY(SELECT r.id ${page})) WITH ORDINALITY AS p(id, ord)
           JOIN spreadsheet_rows r ON r.sheet_id = $1 AND r.id = p.id ORDER BY p.ord`
        : `SELECT ${readColumns(columns, params, linked)} ${page}`,
      params.values,
    );
    // Only an unsorted page can be continued by a cursor; only a full one may have rows after it.
    const last = items.length === query.limit && !query.sort?.length ? items[items.length - 1] : undefined;
    const nextCursor = last ? RowCursors.encode(last) : null;
    const keys = storedKeys(columns);
    const rows = items.map((r) => rowOf(keys, r));
    if (!query.count) return { items: rows, nextCursor };
    const [{ n }]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where}`, [
      sheetId,
      ...sql.whereParams,
    ]);
    return { items: rows, total: n, nextCursor };
  }

  /**
   * Every row of the view, in order, as a stream (a server-side cursor: memory stays flat however large the sheet).
   * `release` must be called when done.
   */
  async stream(sheetId: string, columns: Column[], view: RowsSelection, linked?: LinkedSheets): Promise<{ rows: AsyncIterable<RowRecord>; release: () => Promise<void> }> {
    const params = new SqlParams([sheetId]);
    const sql = buildRowsSql(columns, view.sort, view.filter, params, linked, view.where);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let stream: Awaited<ReturnType<typeof runner.stream>>;
    try {
      stream = await runner.stream(
        `SELECT ${readColumns(columns, params, linked)} FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where} ORDER BY ${sql.orderBy}`,
        params.values,
      );
    } catch (error) {
      await runner.release();
      throw error;
    }
    // A reader that stops early (a client gone mid-export) leaves the cursor open: close it before the connection
    // goes back to the pool, but never wait for ever (a cursor whose connection died never reports closing).
    const release = async () => {
      if (!stream.destroyed) {
        await Promise.race([new Promise<void>((done) => stream.once('close', () => done()).destroy()), new Promise<void>((done) => setTimeout(done, CURSOR_CLOSE_MS).unref())]);
      }
      await runner.release();
    };
    return { rows: keyedById(stream, storedKeys(columns)), release };
  }

  /**
   * Sets and clears only the named cells, in SQL, on the row's current data (two writers of different cells of one
   * row both keep their change), and answers the row before and after, in one round trip (the hot path of a cell
   * edit). `before` is null when there is no such row; `after` is null when `expectedVersion` is given and stale
   * (nothing changed then).
   */
  async patchReturningBefore(
    tx: EntityManager,
    sheetId: string,
    columns: readonly Column[],
    rowId: string,
    set: Record<string, CellValue>,
    clear: string[],
    userId: string,
    expectedVersion?: number,
  ): Promise<{ before: Row | null; after: Row | null }> {
    const keys = storedKeys(columns);
    const params = new SqlParams([sheetId, rowId, JSON.stringify(keys.toStored(set)), keys.keys(clear), userId, expectedVersion ?? null]);
    const rows: PatchedRecord[] = await tx.query(
      `WITH old AS (SELECT ${COLUMNS} FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2 FOR UPDATE),
       upd AS (
         UPDATE spreadsheet_rows r SET data = (r.data || $3::jsonb) - $4::text[], version = r.version + 1, updated_at = now(), updated_by = $5
         FROM old WHERE r.id = old.id AND ($6::int IS NULL OR old.version = $6) RETURNING ${readColumns(columns, params)}
       )
       SELECT coalesce(upd.id, old.id) AS id, coalesce(upd.position, old.position) AS position, coalesce(upd.data, old.data) AS data,
              coalesce(upd.version, old.version) AS version, coalesce(upd.created_at, old.created_at) AS created_at,
              coalesce(upd.updated_at, old.updated_at) AS updated_at, CASE WHEN upd.id IS NULL THEN old.updated_by ELSE upd.updated_by END AS updated_by,
              old.data AS old_data, old.version AS old_version, old.updated_at AS old_updated_at, upd.id IS NOT NULL AS patched
       FROM old LEFT JOIN upd ON true`,
      params.values,
    );
    if (!rows.length) return { before: null, after: null };
    const [r] = rows;
    const before = rowOf(keys, { ...r, data: r.old_data, version: r.old_version, updated_at: r.old_updated_at });
    return { before, after: r.patched ? rowOf(keys, r) : null };
  }

  /**
   * Inserts rows in order, at the end or just before `beforeRowId`, with positions spaced between the neighbours so
   * nothing else is renumbered, unless the neighbours are too close (many inserts at one spot): then the fewest
   * following rows are spread out first (see row-positions). Returns null when `beforeRowId` is not a row of the sheet.
   */
  async insert(tx: EntityManager, sheetId: string, columns: readonly Column[], data: Record<string, CellValue>[], userId: string, beforeRowId?: string): Promise<Row[] | null> {
    let positions: string;
    const keys = storedKeys(columns);
    const params = new SqlParams([sheetId, JSON.stringify(data.map((d) => keys.toStored(d))), userId]);
    if (beforeRowId) {
      const neighbours = await this.neighboursOf(tx, sheetId, beforeRowId, data.length);
      if (!neighbours) return null;
      const spaced = spread(neighbours.low, neighbours.high, data.length) ?? (await this.makeRoom(tx, sheetId, beforeRowId, data.length));
      positions = `(${params.add(spaced.map(positionText))}::text[])[t.ord]::numeric`;
    } else {
      // After the sheet's last row, found in the same statement: appending (a bulk insert's every batch) is one round trip.
      positions = `coalesce((SELECT max(l.position) FROM spreadsheet_rows l WHERE l.sheet_id = $1), 0) + t.ord`;
    }
    const rows: RowRecord[] = await tx.query(
      `INSERT INTO spreadsheet_rows AS r (sheet_id, position, data, updated_by)
       SELECT $1, ${positions}, t.data, $3
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(data, ord)
       ORDER BY t.ord
       RETURNING ${readColumns(columns, params)}`,
      params.values,
    );
    return rows.map((r) => rowOf(keys, r));
  }

  /** The position of `rowId` and of the row before it (or room for `n` rows before the first). */
  private async neighboursOf(tx: EntityManager, sheetId: string, rowId: string, n: number): Promise<{ low: number; high: number } | null> {
    const found: { position: string; prev: string | null }[] = await tx.query(
      `SELECT b.position, (SELECT max(p.position) FROM spreadsheet_rows p WHERE p.sheet_id = $1 AND p.position < b.position) AS prev
       FROM spreadsheet_rows b WHERE b.sheet_id = $1 AND b.id = $2`,
      [sheetId, rowId],
    );
    if (!found.length) return null;
    const high = Number(found[0].position);
    return { low: found[0].prev === null ? high - n - 1 : Number(found[0].prev), high };
  }

  /**
   * Spreads out the rows from `beforeRowId` on, as few as needed, so `n` rows fit before it; renumbers the whole
   * sheet 1..N in the (pathological) case that a thousand rows are crowded together. Answers the new rows' positions.
   */
  private async makeRoom(tx: EntityManager, sheetId: string, beforeRowId: string, n: number): Promise<number[]> {
    const { low, high } = (await this.neighboursOf(tx, sheetId, beforeRowId, n))!;
    const following: { id: string; position: string }[] = await tx.query(
      `SELECT id, position FROM spreadsheet_rows WHERE sheet_id = $1 AND position >= $2 ORDER BY position, id LIMIT $3`,
      [sheetId, positionText(high), RESPREAD_WINDOW + 1],
    );
    const all = following.length <= RESPREAD_WINDOW;
    const movable = all ? following : following.slice(0, RESPREAD_WINDOW);
    const end = all ? Number(following.at(-1)!.position) + n + 1 : Number(following[RESPREAD_WINDOW].position);
    const plan = respread(
      low,
      movable.map((r) => Number(r.position)),
      n,
      end,
    );
    if (plan) {
      await tx.query(`UPDATE spreadsheet_rows r SET position = m.position::numeric FROM unnest($2::uuid[], $3::text[]) AS m(id, position) WHERE r.sheet_id = $1 AND r.id = m.id`, [
        sheetId,
        movable.slice(0, plan.moved.length).map((r) => r.id),
        plan.moved.map(positionText),
      ]);
      return plan.fresh;
    }
    await tx.query(
      `UPDATE spreadsheet_rows r SET position = o.n FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n FROM spreadsheet_rows WHERE sheet_id = $1) o
       WHERE r.id = o.id`,
      [sheetId],
    );
    const renumbered = (await this.neighboursOf(tx, sheetId, beforeRowId, n))!;
    return spread(renumbered.low, renumbered.high, n)!;
  }

  /**
   * Appends many rows through COPY on the transaction's own connection (the bulk path of imports): no statement per
   * batch, no RETURNING. Rows go after the sheet's last row, in the order written. While the appender is open the
   * connection is busy with the COPY: `end()` it before running any other statement in the transaction. Rows are
   * written keyed by column id, of `columns`.
   */
  async appender(tx: EntityManager, sheetId: string, columns: readonly Column[], userId: string, version: number): Promise<RowAppender> {
    const keys = storedKeys(columns);
    const [{ max }]: { max: string | null }[] = await tx.query(`SELECT max(position) AS max FROM spreadsheet_rows WHERE sheet_id = $1`, [sheetId]);
    const client = await this.connections.clientOf(tx);
    const copy = client.query(copyFrom(`COPY spreadsheet_rows (id, sheet_id, position, data, updated_by, created_in) FROM STDIN`));
    let failure: Error | undefined;
    const throwIfFailed = () => {
      if (failure) throw failure;
    };
    copy.on('error', (error: Error) => (failure ??= error));
    let position = Number(max ?? 0);
    const sheet = `\t${sheetId}\t`;
    // created_in: the import's version, by which undo finds the rows it wrote.
    const suffix = `\t${userId}\t${version}\n`;
    return {
      async write(rows: Record<string, CellValue>[]): Promise<string[]> {
        throwIfFailed();
        let chunk = '';
        // Ids are chosen here, so a caller can name the rows it wrote (imported links) without reading them back.
        const ids = rows.map(() => randomUUID());
        // COPY's text format: JSON never holds a raw tab or newline, so only its backslashes need doubling.
        rows.forEach((data, i) => (chunk += `${ids[i]}${sheet}${positionText((position += 1))}\t${JSON.stringify(keys.toStored(data)).replace(/\\/g, '\\\\')}${suffix}`));
        if (!copy.write(chunk)) await once(copy, 'drain'); // rejects if the COPY fails meanwhile
        throwIfFailed();
        return ids;
      },
      async end(): Promise<void> {
        throwIfFailed();
        const finished = once(copy, 'finish'); // emitted once the server has taken every row; rejects on failure
        copy.end();
        await finished;
      },
    };
  }

  async remove(tx: EntityManager, sheetId: string, rowId: string): Promise<Row | null> {
    const rows = await queryRows<RowRecord>(
      tx,
      `DELETE FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2
       RETURNING r.id, r.position, ${dataByIdSql('r.data', '$1')} AS data, r.version, r.created_at, r.updated_at, r.updated_by`,
      [sheetId, rowId],
    );
    return rows.length ? toRow(rows[0]) : null;
  }

  /** Every non-empty value of one column, for converting or re-checking it. */
  async columnValues(tx: EntityManager, sheetId: string, columnId: string): Promise<{ id: string; value: CellValue }[]> {
    return tx.query(`SELECT r.id, r.data->k.key AS value FROM spreadsheet_rows r, ${KEY_OF_2} WHERE r.sheet_id = $1 AND r.data ? k.key ORDER BY r.position`, [sheetId, columnId]);
  }

  /** Ids of rows where the column is empty (for making a column required). */
  async emptyIn(tx: EntityManager, sheetId: string, columnId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(`SELECT r.id FROM spreadsheet_rows r, ${KEY_OF_2} WHERE r.sheet_id = $1 AND NOT (r.data ? k.key) ORDER BY r.position LIMIT $3`, [
      sheetId,
      columnId,
      limit,
    ]);
    return rows.map((r) => r.id);
  }

  /** Writes converted values of one column (null clears the cell). */
  async setColumnValues(tx: EntityManager, columnId: string, updates: { id: string; value: CellValue }[]): Promise<void> {
    if (!updates.length) return;
    await tx.query(
      `UPDATE spreadsheet_rows r SET data = CASE WHEN u.value IS NULL OR u.value = 'null'::jsonb THEN r.data - k.key ELSE jsonb_set(r.data, ARRAY[k.key], u.value) END,
         version = r.version + 1, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, value jsonb), (SELECT ${storedKeyOfIdSql('$1')} AS key) k WHERE r.id = u.id`,
      [columnId, JSON.stringify(updates)],
    );
  }

  /** Removes a column's cells from every row; `keep` moves them to the trash first, for undoing the column's delete. */
  async dropColumn(tx: EntityManager, sheetId: string, columnId: string, keep = false): Promise<void> {
    if (keep) {
      await tx.query(
        `INSERT INTO spreadsheet_cell_trash (sheet_id, column_id, row_id, value)
         SELECT r.sheet_id, $2, r.id, r.data->k.key FROM spreadsheet_rows r, ${KEY_OF_2} WHERE r.sheet_id = $1 AND r.data ? k.key
         ON CONFLICT (sheet_id, column_id, row_id) DO UPDATE SET value = EXCLUDED.value`,
        [sheetId, columnId],
      );
    }
    await tx.query(`UPDATE spreadsheet_rows r SET data = r.data - k.key FROM ${KEY_OF_2} WHERE r.sheet_id = $1 AND r.data ? k.key`, [sheetId, columnId]);
  }

  /** Puts a deleted column's cells back from the trash into the rows that are still there. */
  async restoreColumn(tx: EntityManager, sheetId: string, columnId: string): Promise<void> {
    await tx.query(
      `UPDATE spreadsheet_rows r SET data = r.data || jsonb_build_object(k.key, t.value)
       FROM spreadsheet_cell_trash t, ${KEY_OF_2} WHERE t.sheet_id = $1 AND t.column_id = $2 AND r.sheet_id = $1 AND r.id = t.row_id`,
      [sheetId, columnId],
    );
    await tx.query(`DELETE FROM spreadsheet_cell_trash WHERE sheet_id = $1 AND column_id = $2`, [sheetId, columnId]);
  }

  /** The stored cells of rows (no computed ones), by id; missing rows are absent. */
  async storedData(tx: EntityManager, sheetId: string, ids: string[]): Promise<Map<string, Record<string, CellValue>>> {
    const rows: { id: string; data: Record<string, CellValue> }[] = await tx.query(
      `SELECT r.id, ${dataByIdSql('r.data', '$1')} AS data FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = ANY($2::uuid[])`,
      [sheetId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.data]));
  }

  /** Rows an import wrote (by the import's version), with who changed each last (its author, or someone else since). */
  async createdIn(tx: EntityManager, sheetId: string, version: number): Promise<{ id: string; updated_by: string | null }[]> {
    return tx.query(`SELECT r.id, r.updated_by FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.created_in = $2 ORDER BY r.position`, [sheetId, version]);
  }

  /** Deletes rows, answering what each held and where it stood. */
  async removeMany(tx: EntityManager, sheetId: string, ids: string[]): Promise<{ id: string; data: Record<string, CellValue>; position: string }[]> {
    return queryRows(
      tx,
      `DELETE FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = ANY($2::uuid[]) RETURNING r.id, ${dataByIdSql('r.data', '$1')} AS data, r.position::text AS position`,
      [sheetId, ids],
    );
  }

  /** Brings deleted rows back with their ids (so what refers to them — links, comments — finds them again), at their old positions. */
  async reinsert(tx: EntityManager, sheetId: string, rows: { id: string; data: Record<string, CellValue>; position: string | null }[], userId: string): Promise<void> {
    if (!rows.length) return;
    const [{ max }]: { max: string | null }[] = await tx.query(`SELECT max(position) AS max FROM spreadsheet_rows WHERE sheet_id = $1`, [sheetId]);
    let last = Number(max ?? 0);
    // A row added since may hold the old place (rows are appended after the last one): then it goes just before that
    // row, where it stood.
    const holding: { position: string }[] = await tx.query(`SELECT position::text AS position FROM spreadsheet_rows WHERE sheet_id = $1 AND position = ANY($2::numeric[])`, [
      sheetId,
      rows.flatMap((r) => (r.position === null ? [] : [r.position])),
    ]);
    const taken = new Set(holding.map((r) => Number(r.position)));
    const placed: { id: string; data: Record<string, CellValue>; position: string }[] = [];
    for (const r of rows) {
      if (r.position === null) placed.push({ ...r, position: positionText((last += 1)) });
      else if (!taken.has(Number(r.position))) placed.push({ ...r, position: r.position });
      else {
        const [{ before }]: { before: string | null }[] = await tx.query(`SELECT max(position) AS before FROM spreadsheet_rows WHERE sheet_id = $1 AND position < $2`, [
          sheetId,
          r.position,
        ]);
        const at = Number(r.position);
        placed.push({ ...r, position: positionText(before === null ? at - 1 : (Number(before) + at) / 2) });
      }
    }
    await tx.query(
      `INSERT INTO spreadsheet_rows (id, sheet_id, position, data, updated_by)
       SELECT t.id, $1, t.position, ${dataByKeySql('t.data', '$1')}, $3 FROM jsonb_to_recordset($2::jsonb) AS t(id uuid, position numeric, data jsonb)`,
      [sheetId, JSON.stringify(placed), userId],
    );
  }
}
