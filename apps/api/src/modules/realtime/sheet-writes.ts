import { Injectable } from '@nestjs/common';
import type { CellUpdateDto, Row, RowCreateDto, RowDeleteDto } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { HistoryService, RowsService } from '../spreadsheets';

/**
 * Writes sent over the socket, through the same row services (validation, permissions, one change per write) as
 * REST; each answers the sheet version it committed as, which the client's `change` events will carry.
 */
@Injectable()
export class SheetWrites {
  constructor(
    private readonly rows: RowsService,
    private readonly history: HistoryService,
  ) {}

  async updateCell(actor: AuthUser, dto: CellUpdateDto): Promise<{ version: number }> {
    const values = { [dto.columnId]: dto.value };
    const { version } = await this.rows.updateCells(actor, dto.spreadsheetId, dto.rowId, { values, expectedVersion: dto.expectedVersion }, 'cell', { clientId: dto.clientId });
    // Nothing changed (the cell already had that value): the sheet is at the version it was.
    return { version: version ?? (await this.history.currentVersion(dto.spreadsheetId)) ?? 0 };
  }

  async createRow(actor: AuthUser, dto: RowCreateDto): Promise<{ version: number; row: Row }> {
    const { value, version } = await this.rows.create(actor, dto.spreadsheetId, { rows: [{ values: dto.values ?? {} }], beforeRowId: dto.beforeRowId }, { clientId: dto.clientId });
    return { version: version ?? 0, row: value[0] };
  }

  async deleteRow(actor: AuthUser, dto: RowDeleteDto): Promise<{ version: number }> {
    const { version } = await this.rows.remove(actor, dto.spreadsheetId, dto.rowId, { clientId: dto.clientId });
    return { version: version ?? 0 };
  }
}
