import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaginationQuery, PutMemberDto, type Member, type Page } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { CurrentUser } from '../../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../../openapi/dto-schemas';
import { ErrorBodySchema, MemberListSchema, MemberSchema } from '../../../openapi/schemas';
import { MembersService } from './members.service';
import { SheetRoute } from '../access/sheet-route.decorator';

@ApiTags('sharing')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Who has access and with which role (viewer), owners first, paginated' })
  @SheetRoute('viewer')
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: MemberListSchema })
  list(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: PaginationQuery): Promise<Page<Member>> {
    return this.members.list(actor, id, query);
  }

  @Put(':userId')
  @ApiOperation({ summary: 'Share with a user or change their role (owner)' })
  @SheetRoute('owner')
  @ApiBodyDto(PutMemberDto)
  @ApiOkResponse({ schema: MemberSchema })
  @ApiConflictResponse({ description: 'The last owner cannot step down', schema: ErrorBodySchema })
  put(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('userId', UuidParamPipe) userId: string, @Body() body: PutMemberDto): Promise<Member> {
    return this.members.put(actor, id, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop sharing with a user (owner)' })
  @SheetRoute('owner')
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiConflictResponse({ description: 'The last owner cannot be removed', schema: ErrorBodySchema })
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('userId', UuidParamPipe) userId: string): Promise<void> {
    return this.members.remove(actor, id, userId);
  }
}
