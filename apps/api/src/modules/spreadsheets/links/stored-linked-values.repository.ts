import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../database/query-rows';
import { SqlParams } from '../../../database/sql-params';
import type { SqlBinder } from '../cells/column-types';
import { storedKeyOfIdSql, storedKeysOfIdsSql } from '../cells/stored-keys';

/** Which rows of a sheet need their kept lookup and rollup values computed again. */
export interface StaleLinkedRows {
  /** Every row (a lookup or rollup was created or changed, or a field it reads was). */
  all: boolean;
  /** Rows never computed (an import or a template wrote rows without naming them in its change). */
  unset: boolean;
  /** Of the rows never computed, only those with one of these cells (links: a row that links nothing reads right uncomputed). */
  unsetWith?: string[];
  rowIds: Set<string>;
  /** The rows listed in the link cells (`linkId`) of these rows of another sheet: they read those rows. */
  via: { sheetId: string; linkId: string; rowIds: Set<string> }[];
  /** The columns whose values may have moved (for listeners). */
  columns: Set<string>;
}

/** The SQL of kept lookup and rollup values (`spreadsheet_rows.linked`). */
@Injectable()
export class StoredLinkedValuesRepository {
  /**
   * Writes `value` (SQL of the row `r`, see storedLinkedJson) into the stale rows of `sheetId`, or with no value (the
   * sheet keeps none: they are computed when read) only finds them; answers their ids, at most `limit` of them.
   */
  async refresh(tx: EntityManager, sheetId: string, value: ((bind: SqlBinder) => string) | null, stale: StaleLinkedRows, limit: number): Promise<string[]> {
    const found: string[] = [];
    const add = (rows: { id: string }[]) => found.push(...rows.slice(0, limit - found.length).map((r) => r.id));
    if (value && (stale.all || stale.unset)) {
      const params = new SqlParams([sheetId]);
      const computed = value(params);
      const only = stale.all ? '' : stale.unsetWith ? ` AND r.linked IS NULL AND r.data ?| ${storedKeysOfIdsSql(params.add(stale.unsetWith))}` : ' AND r.linked IS NULL';
      add(await queryRows<{ id: string }>(tx, `UPDATE spreadsheet_rows r SET linked = ${computed} WHERE r.sheet_id = $1${only} RETURNING r.id`, params.values));
      if (stale.all) return found;
    }
    const params = new SqlParams([sheetId]);
    const computed = value?.(params);
    const targets: string[] = [];
    if (stale.rowIds.size) targets.push(`SELECT unnest(${params.add([...stale.rowIds])}::uuid[]) AS id`);
    for (const via of stale.via) {
      const cell = `o.data->${storedKeyOfIdSql(params.add(via.linkId))}`;
      targets.push(
        `SELECT e.id::uuid AS id FROM spreadsheet_rows o CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(${cell}) = 'array' THEN ${cell} END) AS e(id)
         WHERE o.sheet_id = ${params.add(via.sheetId)}::uuid AND o.id = ANY(${params.add([...via.rowIds])}::uuid[]) AND e.id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`,
      );
    }
    if (!targets.length) return found;
    const rows = `SELECT r.id FROM spreadsheet_rows r JOIN t ON r.id = t.id WHERE r.sheet_id = $1`;
    if (computed === undefined) {
      add(await tx.query(`WITH t AS (${targets.join(' UNION ')}) ${rows} LIMIT ${limit}`, params.values));
      return found;
    }
    // Locked in id order, as the link writes lock the rows of the other side, so two changes never wait on each other in a circle.
    add(
      await queryRows<{ id: string }>(
        tx,
        `WITH t AS (${targets.join(' UNION ')}), locked AS (${rows} ORDER BY r.id FOR UPDATE OF r)
         UPDATE spreadsheet_rows r SET linked = ${computed} FROM locked WHERE r.id = locked.id RETURNING r.id`,
        params.values,
      ),
    );
    return found;
  }

  /** Sheets whose rows existed before values were kept, still to be computed (see the StoredLinkedValues migration). */
  async backfillSheets(tx: EntityManager): Promise<string[]> {
    const rows: { sheet_id: string }[] = await tx.query(`SELECT sheet_id FROM linked_backfill ORDER BY sheet_id`);
    return rows.map((r) => r.sheet_id);
  }

  /** Takes a sheet off that list once its rows are computed. */
  async backfilled(tx: EntityManager, sheetId: string): Promise<void> {
    await tx.query(`DELETE FROM linked_backfill WHERE sheet_id = $1`, [sheetId]);
  }
}
