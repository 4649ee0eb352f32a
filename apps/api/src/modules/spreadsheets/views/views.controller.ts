import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateViewDto, PaginationQuery, UpdateViewDto, type Page, type View } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../../openapi/dto-schemas';
import { ViewListSchema, ViewSchema } from '../../../openapi/schemas';
import { SheetRoute } from '../access/sheet-route.decorator';
import { ViewsService } from './views.service';

@ApiTags('views')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/views')
export class ViewsController {
  constructor(private readonly views: ViewsService) {}

  @Get()
  @ApiOperation({ summary: 'The shared views and your personal ones' })
  @SheetRoute('viewer')
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: ViewListSchema })
  list(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: PaginationQuery): Promise<Page<View>> {
    return this.views.list(actor, id, query);
  }

  @Post()
  @ApiOperation({ summary: 'Save a view: shared (editor or owner) or personal (anyone with access, seen only by you)' })
  @SheetRoute('viewer')
  @ApiBodyDto(CreateViewDto)
  @ApiCreatedResponse({ schema: ViewSchema })
  create(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() body: CreateViewDto): Promise<View> {
    return this.views.create(actor, id, body);
  }

  @Get(':viewId')
  @ApiOperation({ summary: 'One view (a personal view of someone else: 404)' })
  @SheetRoute('viewer')
  @ApiOkResponse({ schema: ViewSchema })
  get(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('viewId', UuidParamPipe) viewId: string): Promise<View> {
    return this.views.get(actor, id, viewId);
  }

  @Patch(':viewId')
  @ApiOperation({ summary: 'Change a view: what the body names (null clears a setting). Shared views: editor or owner' })
  @SheetRoute('viewer')
  @ApiBodyDto(UpdateViewDto)
  @ApiOkResponse({ schema: ViewSchema })
  update(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('viewId', UuidParamPipe) viewId: string, @Body() body: UpdateViewDto): Promise<View> {
    return this.views.update(actor, id, viewId, body);
  }

  @Delete(':viewId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a view. Shared views: editor or owner' })
  @SheetRoute('viewer')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('viewId', UuidParamPipe) viewId: string): Promise<void> {
    return this.views.remove(actor, id, viewId);
  }
}
