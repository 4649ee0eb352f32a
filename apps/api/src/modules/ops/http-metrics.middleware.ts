import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/**
 * Times every request. The route label is the matched pattern (`/api/users/:id`), never the raw URL, so the
 * number of series stays bounded; requests no route matched share one label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      this.metrics.observeHttp(req.method, routeLabel(req, res), res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  }
}

/**
 * Catch-all handlers (Nest's not-found route, the SPA fallback) match every URL, so they get fixed labels rather
 * than their wildcard pattern.
 */
function routeLabel(req: Request, res: Response): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath !== 'string') return 'unmatched';
  if (routePath.includes('*')) return res.statusCode === 404 ? 'unmatched' : 'web-app';
  return `${req.baseUrl}${routePath}`;
}
