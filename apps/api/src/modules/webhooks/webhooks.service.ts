import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode, type CreatedWebhook, type CreateWebhookDto, type Page, type PaginationQuery, type Webhook, type WebhookDelivery } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import type { AppConfig } from '../../config/app-config';
import { SheetAccessService } from '../spreadsheets';
import { WebhookDispatcher } from './webhook-dispatcher';
import { isPrivateTarget } from './webhook-url';
import { toWebhook } from './webhooks.mapper';
import { WebhooksRepository } from './webhooks.repository';

const MAX_PER_SHEET = 20;

/** A sheet's webhooks, managed by its owners. */
@Injectable()
export class WebhooksService {
  private readonly allowPrivate: boolean;

  constructor(
    private readonly access: SheetAccessService,
    private readonly webhooks: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
    config: ConfigService<AppConfig, true>,
  ) {
    this.allowPrivate = config.get('webhooks.allowPrivate', { infer: true });
  }

  async create(actor: AuthUser, sheetId: string, dto: CreateWebhookDto): Promise<CreatedWebhook> {
    await this.access.require(actor, sheetId, 'owner');
    if (!this.allowPrivate && isPrivateTarget(dto.url)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Webhooks cannot target private or local addresses', [{ field: 'url', message: 'must be a public address' }]);
    }
    if ((await this.webhooks.count(sheetId)) >= MAX_PER_SHEET) {
      throw new DomainError(ErrorCode.Conflict, `A spreadsheet can have at most ${MAX_PER_SHEET} webhooks`);
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const record = await this.webhooks.create(sheetId, dto.url, [...new Set(dto.events ?? [])], secret, actor.id);
    this.dispatcher.webhooksChanged(sheetId);
    return { ...toWebhook(record), secret };
  }

  async list(actor: AuthUser, sheetId: string, query: PaginationQuery): Promise<Page<Webhook>> {
    await this.access.require(actor, sheetId, 'owner');
    const { items, total } = await this.webhooks.page(sheetId, query.limit!, query.offset!);
    return { items: items.map(toWebhook), total };
  }

  async remove(actor: AuthUser, sheetId: string, webhookId: string): Promise<void> {
    await this.access.require(actor, sheetId, 'owner');
    if (!(await this.webhooks.remove(sheetId, webhookId))) throw DomainError.notFound('Webhook');
    this.dispatcher.webhooksChanged(sheetId);
  }

  async deliveries(actor: AuthUser, sheetId: string, webhookId: string, query: PaginationQuery): Promise<Page<WebhookDelivery>> {
    await this.access.require(actor, sheetId, 'owner');
    if (!(await this.webhooks.exists(sheetId, webhookId))) throw DomainError.notFound('Webhook');
    return this.webhooks.deliveries(webhookId, query.limit!, query.offset!);
  }
}
