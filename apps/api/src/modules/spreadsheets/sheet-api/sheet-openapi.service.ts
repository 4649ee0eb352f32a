import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { RowsService } from '../rows/rows.service';
import { SpreadsheetsService } from '../sheets/spreadsheets.service';
import { sheetOpenApi } from './sheet-openapi';

/** The per-sheet OpenAPI document, for anyone who can see the sheet (read tokens too). */
@Injectable()
export class SheetOpenApiService {
  constructor(
    private readonly sheets: SpreadsheetsService,
    private readonly rows: RowsService,
  ) {}

  async document(actor: AuthUser, sheetId: string): Promise<OpenAPIObject> {
    const sheet = await this.sheets.get(actor, sheetId);
    const { items } = await this.rows.page(actor, sheetId, { limit: 1, offset: 0, count: false });
    return sheetOpenApi({ sheet, rowId: items[0]?.id });
  }
}
