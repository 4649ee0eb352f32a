import { Injectable } from '@nestjs/common';
import type { SearchQuery, SearchResult } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { SheetAccessService } from '../access/sheet-access.service';
import { RowIndexesService } from '../rows/row-indexes.service';
import { ViewsService } from '../views/views.service';
import { isSearchable } from './search-sql';
import { SearchRepository } from './search.repository';

/**
 * Finds the cells of a sheet, or of a view (its rows, its visible columns, its order), that contain a term, as people
 * read them (see searchSql). A large sheet gets a trigram index at its first search (RowIndexesService.requestSearch);
 * until it is built, and where PostgreSQL lacks pg_trgm, a search tests every row of the view.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly views: ViewsService,
    private readonly rowIndexes: RowIndexesService,
    private readonly repository: SearchRepository,
  ) {}

  async search(actor: AuthUser, sheetId: string, query: SearchQuery): Promise<SearchResult> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    const shown = await this.views.shown(actor, sheetId, columns, query.viewId);
    const searched = shown.columns.filter(isSearchable);
    if (!searched.length) return { items: [], total: 0, totalCapped: false };
    const people = searched.some((c) => c.type === 'user') ? await this.repository.peopleNamed(sheetId, query.q) : [];
    this.rowIndexes.requestSearch(sheetId);
    return this.repository.search({
      sheetId,
      columns: [...columns],
      selection: shown.selection,
      searched,
      q: query.q,
      people,
      limit: query.limit!,
      offset: query.offset!,
      rowIndex: query.rowIndex ?? false,
      linked: await this.access.linkedSheets(actor, columns),
    });
  }
}
