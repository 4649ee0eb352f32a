import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../ops/metrics.service';

/** Real-time figures on /metrics (per instance, as Prometheus scrapes each one). */
@Injectable()
export class RealtimeMetrics {
  readonly openSockets: Gauge;
  readonly joinedSheets: Gauge;
  readonly changesBroadcast: Counter;
  readonly broadcastSeconds: Histogram;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.openSockets = new Gauge({ name: 'contrivance_ws_open_sockets', help: 'Open Socket.IO connections on this instance', registers });
    this.joinedSheets = new Gauge({ name: 'contrivance_ws_joined_sheets', help: 'Sheet rooms joined by sockets of this instance (one per socket and sheet)', registers });
    this.changesBroadcast = new Counter({ name: 'contrivance_ws_changes_broadcast_total', help: 'Change events broadcast to sheet rooms by this instance', registers });
    this.broadcastSeconds = new Histogram({
      name: 'contrivance_ws_commit_to_broadcast_seconds',
      help: 'Time from a change committing to its broadcast being handed to Socket.IO',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
  }
}
