import { Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryQuery, type Change, type Page, type Row } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiQueryDto } from '../../../openapi/dto-schemas';
import { ChangePageSchema, ErrorBodySchema, RowSchema } from '../../../openapi/schemas';
import { HistoryService } from './history.service';
import { SheetRoute } from '../access/sheet-route.decorator';

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  @ApiOperation({ summary: 'Every change, newest first; `rowId` narrows to one row (viewer)' })
  @SheetRoute('viewer')
  @ApiQueryDto(HistoryQuery)
  @ApiOkResponse({ schema: ChangePageSchema })
  page(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: HistoryQuery): Promise<Page<Change>> {
    return this.history.page(actor, id, query);
  }

  @Post(':seq/restore')
  @ApiOperation({ summary: 'Put back the value a cell had before change `seq` (editor); recorded as a new change' })
  @SheetRoute('editor')
  @ApiCreatedResponse({ schema: RowSchema })
  @ApiConflictResponse({ description: 'Not a cell change', schema: ErrorBodySchema })
  restore(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('seq', ParseIntPipe) seq: number): Promise<Row> {
    return this.history.restore(actor, id, seq);
  }
}
