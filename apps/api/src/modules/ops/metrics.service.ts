import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DatabaseConnections } from '../../database/database-connections';

type PoolCounts = NonNullable<ReturnType<DatabaseConnections['poolCounts']>>;

/**
 * The app's Prometheus registry. Other modules add their own metrics through `registry` (exported by OpsModule);
 * every instance keeps its own, as Prometheus scrapes each instance.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(connections: DatabaseConnections) {
    collectDefaultMetrics({ register: this.registry });
    const poolGauge = (name: string, help: string, read: (p: PoolCounts) => number): void => {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = connections.poolCounts();
          this.set(p ? read(p) : 0);
        },
      });
    };
    poolGauge('db_pool_connections_total', 'Connections open in the PostgreSQL pool', (p) => p.total);
    poolGauge('db_pool_connections_idle', 'Idle connections in the PostgreSQL pool', (p) => p.idle);
    poolGauge('db_pool_requests_waiting', 'Queries waiting for a pool connection', (p) => p.waiting);
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
