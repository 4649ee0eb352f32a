import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { SheetRoute } from '../access/sheet-route.decorator';
import { SheetOpenApiService } from './sheet-openapi.service';

@ApiTags('rows')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/openapi.json')
export class SheetOpenApiController {
  constructor(private readonly docs: SheetOpenApiService) {}

  @Get()
  @ApiOperation({
    summary: "An OpenAPI 3.0 document of this sheet's rows, with its columns by name (viewer)",
    description:
      'Paths for this sheet (list, get, create, update and delete rows with `keys=name`), a value schema per column ' +
      '(select options as enums, dates, numbers; computed columns read-only; required columns required on create) ' +
      "and examples made of the sheet's own ids. A snapshot: fetch it again after the columns change.",
  })
  @SheetRoute('viewer')
  @ApiOkResponse({
    description: 'An OpenAPI 3.0 document',
    schema: {
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { type: 'string', example: '3.0.3' }, info: { type: 'object' }, paths: { type: 'object' } },
      additionalProperties: true,
    },
  })
  get(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<OpenAPIObject> {
    return this.docs.document(actor, id);
  }
}
