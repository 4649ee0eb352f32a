import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateApiTokenDto, PaginationQuery, type ApiToken, type CreatedApiToken, type Page } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, SessionOnly } from '../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../openapi/dto-schemas';
import { ApiTokenPageSchema, CreatedApiTokenSchema } from '../../openapi/schemas';
import { ApiTokensService } from './api-tokens.service';

/** Personal API tokens, managed only from a signed-in session (a token cannot mint or revoke tokens). */
@ApiTags('api tokens')
@ApiBearerAuth()
@SessionOnly()
@Controller('api/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Create a token; its secret is in this response only' })
  @ApiBodyDto(CreateApiTokenDto)
  @ApiCreatedResponse({ schema: CreatedApiTokenSchema })
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'My live tokens, without secrets' })
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: ApiTokenPageSchema })
  list(@CurrentUser() actor: AuthUser, @Query() query: PaginationQuery): Promise<Page<ApiToken>> {
    return this.tokens.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of my tokens' })
  @ApiNoContentResponse({ description: 'Revoked' })
  revoke(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.tokens.revoke(actor, id);
  }
}
