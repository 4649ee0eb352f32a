import { client } from '@contrivance/sdk';
import { ApiError, apiErrorFrom } from './api-error';

/**
 * The generated SDK (@contrivance/sdk: one function per operation of the API's OpenAPI document), configured for the
 * web app: same origin, the session's Bearer token on the operations the document secures, one retry after a refresh
 * when that token was refused, and every failure turned into an ApiError (network failures get status 0), so
 * TanStack Query and the screens handle one error type. The web app makes every HTTP call through what this module
 * exports (lint keeps `fetch` and the raw package out of everything else).
 */
export * from '@contrivance/sdk';

/** Where the access token comes from, and how a refused one is renewed (the session registers itself: session.ts). */
export interface Credentials {
  accessToken(): Promise<string | null>;
  /** Resolves false when no new token could be had (the session ended). */
  refresh(): Promise<boolean>;
}

let credentials: Credentials | null = null;

/** Makes `source` the credentials of every call that needs them. */
export function authenticateWith(source: Credentials): void {
  credentials = source;
}

async function send(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    throw new ApiError({ statusCode: 0, error: 'Network Error', message: 'Cannot reach the server. Check your connection.' });
  }
}

/** The SDK's transport (it hands over a ready Request): a response is only ever a success, anything else an ApiError. */
async function sendWithSession(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  // Only calls that carried a token may be retried with a new one (a refused login is just refused).
  const spare = request.headers.has('Authorization') ? request.clone() : null;
  let response = await send(request);
  if (response.status === 401 && spare && credentials && (await credentials.refresh())) {
    const token = await credentials.accessToken();
    if (token) {
      spare.headers.set('Authorization', `Bearer ${token}`);
      response = await send(spare);
    }
  }
  if (!response.ok) throw await apiErrorFrom(response);
  return response;
}

client.setConfig({
  baseUrl: window.location.origin,
  headers: { Accept: 'application/json' },
  // Asked only for the operations the document secures; no token, no header.
  auth: async () => (await credentials?.accessToken()) ?? undefined,
  fetch: sendWithSession,
});

/** The file name a download's Content-Disposition gives, or `fallback`. */
export function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}
