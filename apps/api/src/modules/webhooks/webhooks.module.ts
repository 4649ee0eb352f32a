import { Module } from '@nestjs/common';
import { OpsModule } from '../ops/ops.module';
import { SpreadsheetsModule } from '../spreadsheets';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outgoing webhooks of a sheet, fed by the same change stream as the real-time gateway. */
@Module({
  imports: [SpreadsheetsModule, OpsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDispatcher],
})
export class WebhooksModule {}
