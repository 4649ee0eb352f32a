import { Logger } from '@nestjs/common';
import { ErrorCode } from '@contrivance/contracts';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { sendError } from '../errors/send-error';
import { inputProblem, jsonNestsDeeperThan, MAX_INPUT_DEPTH, unstorableText } from '../validation/input-safety';

const logger = new Logger('Errors');

function refuse(message: string, detail?: { field?: string; message: string }): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, message, detail ? [detail] : undefined);
}

/** Body-parser's own refusals in the contract's words (its messages may quote the body or name internals). */
function fromParser(error: { type?: string; status?: number; expose?: boolean; message?: string }): unknown {
  if (error instanceof DomainError) return error;
  if (error.type === 'entity.parse.failed') return refuse('The request body is not valid JSON');
  if (error.type === 'request.aborted') return refuse('The request body ended early');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new DomainError(ErrorCode.UnsupportedMediaType, 'Send JSON as UTF-8 (Content-Type: application/json)');
  }
  return error;
}

/**
 * Everything a request carries is checked here, before routing, and refusals are answered here (the SPA's static
 * module would otherwise turn a body-parser error into its own 404):
 * - the query string: no NUL or unpaired surrogates (PostgreSQL cannot store or compare them);
 * - JSON bodies: at most `limit` bytes (413), valid JSON (400), nested at most MAX_INPUT_DEPTH levels, checked on the
 *   raw bytes before parsing (400), and the same text rules for every key and value.
 * Other media types are not parsed; MediaTypeGuard refuses them on routes that do not declare them.
 */
export function requestInput(limit: string): RequestHandler {
  const parseJson = json({
    limit,
    type: 'application/json',
    verify: (_req, _res, buffer) => {
      if (jsonNestsDeeperThan(buffer)) throw refuse(`The request body nests deeper than ${MAX_INPUT_DEPTH} levels`);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const search = req.url.indexOf('?');
    if (search >= 0) {
      const params = new URLSearchParams(req.url.slice(search + 1));
      for (const [key, value] of params) {
        const problem = unstorableText(key) ?? unstorableText(value);
        if (problem) return sendError(res, refuse(`Invalid query parameter: it ${problem}`, { field: unstorableText(key) ? 'query' : key, message: problem }), logger);
      }
    }
    parseJson(req, res, (error?: unknown) => {
      if (error) return sendError(res, fromParser(error), logger);
      const problem = inputProblem(req.body);
      if (problem) return sendError(res, refuse(`Invalid request body: ${problem.message}`, problem), logger);
      next();
    });
  };
}
