import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OpsModule } from '../ops/ops.module';
import { SpreadsheetsModule } from '../spreadsheets';
import { UsersModule } from '../users';
import { AccessRechecks } from './access-rechecks';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { ClientEvents } from './client-events';
import { ConnectionRegistry } from './connection-registry';
import { LinkedUpdates } from './linked-updates';
import { Presence } from './presence';
import { RealtimeLimits } from './realtime-limits';
import { RealtimeServer } from './realtime-server';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeMetrics } from './realtime.metrics';
import { RealtimePublisher } from './realtime.publisher';
import { SheetFanout } from './sheet-fanout';
import { SheetSessions } from './sheet-sessions';
import { SheetWrites } from './sheet-writes';
import { SocketAuth } from './socket-auth';

/** Socket.IO on /ws: rooms per sheet, catch-up, presence, and the broadcast of every committed change; its AsyncAPI document. */
@Module({
  imports: [AuthModule, UsersModule, SpreadsheetsModule, OpsModule],
  controllers: [AsyncApiController],
  providers: [
    RealtimeGateway,
    RealtimeServer,
    SocketAuth,
    ConnectionRegistry,
    ClientEvents,
    SheetSessions,
    SheetFanout,
    SheetWrites,
    Presence,
    RealtimePublisher,
    LinkedUpdates,
    AccessRechecks,
    RealtimeMetrics,
    RealtimeLimits,
  ],
})
export class RealtimeModule {}
