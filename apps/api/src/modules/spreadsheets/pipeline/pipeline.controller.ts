import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PipelineQuery, type PipelineReport } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiQueryDto } from '../../../openapi/dto-schemas';
import { ErrorBodySchema, PipelineReportSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { PipelineService } from './pipeline.service';

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/pipeline')
export class PipelineController {
  constructor(private readonly pipeline: PipelineService) {}

  @Get()
  @ApiOperation({
    summary: 'The sales pipeline of the sheet (viewer)',
    description:
      'Per stage count, total and weighted value (by the option probability), the weighted forecast by close month, the win rate ' +
      '(stages at 100 % won, at 0 % lost) and the average days in each stage from the history. Columns default to the template’s ' +
      '(Stage, Value, Close date); 400 when a chosen column has the wrong type.',
  })
  @SheetRoute('viewer')
  @ApiQueryDto(PipelineQuery)
  @ApiOkResponse({ schema: PipelineReportSchema })
  @ApiBadRequestResponse({ description: 'A chosen (or default) column is missing or has the wrong type', schema: ErrorBodySchema })
  report(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: PipelineQuery): Promise<PipelineReport> {
    return this.pipeline.report(actor, id, query);
  }
}
