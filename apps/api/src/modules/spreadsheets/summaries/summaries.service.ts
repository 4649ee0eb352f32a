import { Injectable } from '@nestjs/common';
import { ErrorCode, summaryFunctionsFor, type SummaryFunction, type SummaryQuery, type SummaryResult } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ViewSelections } from '../rows/rows-query';
import { SummariesRepository, type SummaryRequest } from './summaries.repository';

function refuse(message: string, field: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

/**
 * Column summaries (footers) of the rows a query or view selects, computed in SQL over exactly those rows (the same
 * filter the rows API applies), and per group of a column's values. A function a column's type does not have is a
 * 400 naming it; links, lookups and rollups read as the reader may see them.
 */
@Injectable()
export class SummariesService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly views: ViewSelections,
    private readonly summaries: SummariesRepository,
  ) {}

  async summary(actor: AuthUser, sheetId: string, query: SummaryQuery): Promise<SummaryResult> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const byId = new Map(columns.map((c) => [c.id, c]));
    const wanted = query.fn.map((entry, i): SummaryRequest => {
      const [id, fn] = entry.split(':') as [string, SummaryFunction];
      const column = byId.get(id.toLowerCase()) ?? refuse(`no column ${id} in this spreadsheet`, `fn[${i}]`);
      if (!summaryFunctionsFor(column).includes(fn)) refuse(`"${column.name}" cannot be summarised by ${fn}; it takes ${summaryFunctionsFor(column).join(', ')}`, `fn[${i}]`);
      return { column, fn, key: `${column.id}:${fn}` };
    });
    const groupBy = (query.groupBy ?? []).map((id, i) => byId.get(id.toLowerCase()) ?? refuse(`no column ${id} in this spreadsheet`, `groupBy[${i}]`));
    const selection = await this.views.selection(actor, sheetId, columns, query);
    return this.summaries.summary(sheetId, columns, selection, wanted, groupBy, await this.access.linkedSheets(actor, columns));
  }
}
