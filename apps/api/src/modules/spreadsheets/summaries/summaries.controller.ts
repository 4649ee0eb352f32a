import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SummaryQuery, type SummaryResult } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiQueryDto } from '../../../openapi/dto-schemas';
import { SummaryResultSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { SummariesService } from './summaries.service';

@ApiTags('rows')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/summary')
export class SummariesController {
  constructor(private readonly summaries: SummariesService) {}

  @Get()
  @ApiOperation({ summary: 'Column summaries (sum, avg, min, max, count, empty, filled, percentFilled) of the rows of a view or filter, optionally per group' })
  @SheetRoute('viewer')
  @ApiQueryDto(SummaryQuery)
  @ApiOkResponse({ schema: SummaryResultSchema })
  summary(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: SummaryQuery): Promise<SummaryResult> {
    return this.summaries.summary(actor, id, query);
  }
}
