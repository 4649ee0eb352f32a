import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { requestInput } from './common/http/request-input';
import { requestIdMiddleware } from './common/logging/logger.options';
import { createValidationPipe } from './common/validation/validation.pipe';
import { RealtimeIoAdapter } from './modules/realtime/realtime-io.adapter';
import { setupOpenApi } from './openapi/openapi';

const noStore = (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * Everything applied to the Nest app around the modules: logging, security headers, CORS, body checks, validation,
 * the Socket.IO adapter, docs.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.set('trust proxy', config.http.trustProxy);
  // API answers are per-user and change with every edit: no ETag (hashing each body cost more than it saved) and no
  // caching. Built SPA files keep Last-Modified (WebAppModule).
  app.set('etag', false);
  app.use(['/api', '/auth'], noStore);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  const origins = config.http.corsOrigins;
  if (origins === true || origins.length) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  // JSON only (no form-encoded bodies: the contract is JSON everywhere), checked and refused before routing.
  app.use(requestInput(config.http.bodyLimit));
  app.useGlobalPipes(createValidationPipe());
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, { redisUrl: config.redis.url, corsOrigins: origins === true || origins.length ? origins : [] }));
  setupOpenApi(app);
}
