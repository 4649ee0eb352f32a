import { Injectable } from '@nestjs/common';
import type { CreateRowsDto, Row, RowKeys, RowPage, RowsQuery, SheetRole, UpdateRowDto, UpdateRowsDto } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { SheetAccessService } from '../access/sheet-access.service';
import { RowsService } from './rows.service';
import { KEYED_BY_ID, rowKeying, type RowKeying } from './column-keys';

/**
 * The rows routes as HTTP callers see them: `values` keyed by column id, or by column name with `keys=name`. The
 * one place where names become ids and back; everything past it (the socket gateway too) works with ids.
 */
@Injectable()
export class KeyedRows {
  constructor(
    private readonly access: SheetAccessService,
    private readonly rows: RowsService,
  ) {}

  page(actor: AuthUser, sheetId: string, query: RowsQuery): Promise<RowPage> {
    return this.keyed(actor, sheetId, query.keys, 'viewer', async (keys) => {
      const page = await this.rows.page(actor, sheetId, query);
      return { ...page, items: page.items.map(keys.answered) };
    });
  }

  get(actor: AuthUser, sheetId: string, rowId: string, keyedBy?: RowKeys): Promise<Row> {
    return this.keyed(actor, sheetId, keyedBy, 'viewer', async (keys) => keys.answered(await this.rows.get(actor, sheetId, rowId)));
  }

  create(actor: AuthUser, sheetId: string, dto: CreateRowsDto, keyedBy?: RowKeys): Promise<Row[]> {
    return this.keyed(actor, sheetId, keyedBy, 'editor', async (keys) => {
      const values = keys.written(
        dto.rows.map((r) => r.values),
        'rows.#.values',
      );
      const created = await this.rows.create(actor, sheetId, { ...dto, rows: values.map((v) => ({ values: v })) });
      return created.value.map(keys.answered);
    });
  }

  update(actor: AuthUser, sheetId: string, rowId: string, dto: UpdateRowDto, keyedBy?: RowKeys): Promise<Row> {
    return this.keyed(actor, sheetId, keyedBy, 'editor', async (keys) => {
      const [values] = keys.written([dto.values], 'values');
      return keys.answered((await this.rows.updateCells(actor, sheetId, rowId, { ...dto, values })).value);
    });
  }

  updateMany(actor: AuthUser, sheetId: string, dto: UpdateRowsDto, keyedBy?: RowKeys): Promise<Row[]> {
    return this.keyed(actor, sheetId, keyedBy, 'editor', async (keys) => {
      const values = keys.written(
        dto.updates.map((u) => u.values),
        'updates.#.values',
      );
      const updated = await this.rows.updateMany(actor, sheetId, { updates: dto.updates.map((u, i) => ({ rowId: u.rowId, values: values[i] })) });
      return updated.value.map(keys.answered);
    });
  }

  async remove(actor: AuthUser, sheetId: string, rowId: string): Promise<void> {
    await this.rows.remove(actor, sheetId, rowId);
  }

  /**
   * Runs `serve` with the request's keying. Names need the sheet's columns, read with the role the route needs, so
   * that an outsider still gets the sheet's 404 and a viewer's write its 403 before any name is judged.
   */
  private async keyed<T>(actor: AuthUser, sheetId: string, keyedBy: RowKeys | undefined, role: SheetRole, serve: (keys: RowKeying) => Promise<T>): Promise<T> {
    if (keyedBy !== 'name') return serve(KEYED_BY_ID);
    const keys = rowKeying(keyedBy, (await this.access.requireSheet(actor, sheetId, role)).columns);
    try {
      return await serve(keys);
    } catch (error) {
      throw keys.failure(error);
    }
  }
}
