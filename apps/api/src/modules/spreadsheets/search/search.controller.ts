import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchQuery, type SearchResult } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiQueryDto } from '../../../openapi/dto-schemas';
import { SearchResultSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { SearchService } from './search.service';

@ApiTags('rows')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOperation({
    summary: "Cells containing a term (case-insensitive; option labels, people's names, numbers as shown) in the visible columns of a view or the sheet, in row order",
  })
  @SheetRoute('viewer')
  @ApiQueryDto(SearchQuery)
  @ApiOkResponse({ schema: SearchResultSchema })
  find(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: SearchQuery): Promise<SearchResult> {
    return this.search.search(actor, id, query);
  }
}
