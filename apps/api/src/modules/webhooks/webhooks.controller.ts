import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateWebhookDto, PaginationQuery, type CreatedWebhook, type Page, type Webhook, type WebhookDelivery } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/auth.decorators';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe';
import { ApiBodyDto, ApiQueryDto } from '../../openapi/dto-schemas';
import { CreatedWebhookSchema, ErrorBodySchema, WebhookDeliveryPageSchema, WebhookListSchema } from '../../openapi/schemas';
import { SheetRoute } from '../spreadsheets';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/spreadsheets/:id/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Send the sheet’s changes to a URL (owner)',
    description:
      'Each committed change (one sheet version) is POSTed as JSON `{ spreadsheetId, version, event, changes }`, signed with the ' +
      'returned secret in `x-contrivance-signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, and retried with exponential ' +
      'backoff until a 2xx answer (then marked failed). `events` narrows the kinds of change sent.',
  })
  @SheetRoute('owner')
  @ApiBodyDto(CreateWebhookDto)
  @ApiCreatedResponse({ schema: CreatedWebhookSchema })
  @ApiConflictResponse({ description: 'Too many webhooks on this sheet', schema: ErrorBodySchema })
  create(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() body: CreateWebhookDto): Promise<CreatedWebhook> {
    return this.webhooks.create(actor, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The sheet’s webhooks (owner); secrets are not shown again' })
  @SheetRoute('owner')
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: WebhookListSchema })
  list(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: PaginationQuery): Promise<Page<Webhook>> {
    return this.webhooks.list(actor, id, query);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop sending to a webhook (owner); pending deliveries are dropped' })
  @SheetRoute('owner')
  @ApiNoContentResponse()
  remove(@CurrentUser() actor: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('webhookId', UuidParamPipe) webhookId: string): Promise<void> {
    return this.webhooks.remove(actor, id, webhookId);
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({ summary: 'Deliveries of a webhook, newest first, with their status and last error (owner)' })
  @SheetRoute('owner')
  @ApiQueryDto(PaginationQuery)
  @ApiOkResponse({ schema: WebhookDeliveryPageSchema })
  deliveries(
    @CurrentUser() actor: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('webhookId', UuidParamPipe) webhookId: string,
    @Query() query: PaginationQuery,
  ): Promise<Page<WebhookDelivery>> {
    return this.webhooks.deliveries(actor, id, webhookId, query);
  }
}
