import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { finished } from 'node:stream';

/** The endpoint did not connect, answer and finish its answer within the delivery timeout. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

export interface PostOptions {
  /** Resolves the URL's hostname; an IP literal never reaches it, so callers check those themselves. */
  lookup: LookupFunction;
  /** Covers connecting, sending and reading the whole answer. */
  timeoutMs: number;
}

/**
 * POSTs `body` to `url` once and resolves with the status of the answer. Redirects are not followed: a 3xx is an
 * answer like any other. The answer's body is read and dropped; once the status has arrived it is the outcome, even
 * if the body is then cut short or outlasts the timeout (the endpoint has answered; retrying would send it twice).
 * Each call opens its own connection (no agent) so every delivery goes through `lookup` and its checks; a pooled
 * socket would skip them.
 */
export function postOnce(url: string, headers: OutgoingHttpHeaders, body: string, options: PostOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (status !== undefined) resolve(status);
      else reject(error ?? new Error('no response'));
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) }, lookup: options.lookup, agent: false }, (res) => {
      status = res.statusCode;
      finished(res.resume(), () => settle(null));
    });
    // Settle before destroying: destroying the request raises errors of its own, which are not the reason it failed.
    const timer = setTimeout(() => {
      settle(new RequestTimeoutError(options.timeoutMs));
      req.destroy();
    }, options.timeoutMs);
    // Stays attached after settling: a late socket error must find a listener, or it would end the process.
    req.on('error', settle);
    req.end(body);
  });
}
