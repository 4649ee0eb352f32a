import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type WithId = IncomingMessage & { id?: string | number | object };

/**
 * Reuses a caller's well-formed X-Request-Id (e.g. from nginx) or makes one, echoes it back and keeps it on the
 * request. Registered as the first middleware so even requests refused by the body parser carry an id.
 */
export function requestId(req: WithId, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

export function requestIdMiddleware(req: WithId, res: ServerResponse, next: () => void): void {
  requestId(req, res);
  next();
}

/** Paths polled by machines; logging each call would drown the useful lines. */
const QUIET_PATHS = new Set(['/health', '/health/ready', '/metrics']);

/**
 * JSON logs through pino. Each line written while serving a request carries its `reqId`. Credentials are redacted
 * wherever they could appear, and request logs record the path without the query string.
 */
export function loggerOptions(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: requestId,
      quietReqLogger: true,
      autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
      // 503 is the expected answer while the database is away (retry later): a warning, not one error per request.
      customLogLevel: (_req, res, err) => (res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.refreshToken',
          '*.accessToken',
          '*.token',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: (err: { type?: string; message?: string; code?: string }) => ({ type: err.type, code: err.code, message: err.message }),
      },
    },
  };
}
