import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OpsModule } from '../ops/ops.module';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { UsersModule } from '../users/users.module';
import { RealtimeLimits } from './realtime-limits';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeMetrics } from './realtime.metrics';

/** Socket.IO on /ws: rooms per sheet, catch-up, presence, and the broadcast of every committed change. */
@Module({
  imports: [AuthModule, UsersModule, SpreadsheetsModule, OpsModule],
  providers: [RealtimeGateway, RealtimeMetrics, RealtimeLimits],
})
export class RealtimeModule {}
