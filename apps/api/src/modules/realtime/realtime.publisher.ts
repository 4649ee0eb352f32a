import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { RealtimeEvent, type SheetChange } from '@contrivance/contracts';
import { CommentChangedEvent, SheetChangedEvent } from '../spreadsheets';
import { sheetRoom } from './app-socket';
import { RealtimeServer } from './realtime-server';
import { RealtimeMetrics } from './realtime.metrics';
import { SheetFanout } from './sheet-fanout';

/** A transaction with more changes than this is broadcast as one summary (clients reload rows), not one event each. */
const SUMMARY_OVER = 100;

/** What one committed transaction is broadcast as: its changes, or one summary when there are many. */
export function toBroadcast(changes: SheetChange[]): SheetChange[] {
  if (changes.length <= SUMMARY_OVER) return changes;
  const [first] = changes;
  return [{ ...first, part: 1, parts: 1, rowId: null, columnId: null, value: { count: changes.length } }];
}

/** What the server tells sockets unasked: every committed change and comment, and that this instance is going away. */
@Injectable()
export class RealtimePublisher implements BeforeApplicationShutdown {
  constructor(
    private readonly io: RealtimeServer,
    private readonly metrics: RealtimeMetrics,
    private readonly fanout: SheetFanout,
  ) {}

  /** Every committed change, from any door, goes to the sheet's room once (across instances with Redis). */
  @OnEvent(SheetChangedEvent.event)
  broadcast(event: SheetChangedEvent): void {
    const events = toBroadcast(event.changes);
    this.fanout.publish(event.sheetId, events);
    this.metrics.changesBroadcast.inc(events.length);
    this.metrics.broadcastSeconds.observe(Number(process.hrtime.bigint() - event.committedAt) / 1e9);
  }

  /** A comment created, changed or deleted goes to the sheet's room (everyone who can see the sheet may read it). */
  @OnEvent(CommentChangedEvent.event)
  broadcastComment(event: CommentChangedEvent): void {
    const { sheetId, action, comment } = event;
    this.io.server.to(sheetRoom(sheetId)).emit(RealtimeEvent.comment, { spreadsheetId: sheetId, rowId: comment.rowId, action, comment });
  }

  /** On SIGTERM, before the server closes: every socket is told, so clients reconnect instead of guessing. */
  beforeApplicationShutdown(): void {
    if (this.io.attached) this.io.server.local.emit(RealtimeEvent.shutdown, { reconnectInMs: 1000 });
  }
}
