import { ApiError, apiErrorFrom } from './api-error';
import { session } from './session';

export interface RequestOptions extends Omit<RequestInit, 'body'> {
  /** Serialised as JSON when it is not already a FormData or string. */
  body?: unknown;
  /** Send the session's access token (default true). */
  auth?: boolean;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const { body, headers, auth: _auth, ...rest } = options;
  const isRaw = body instanceof FormData || typeof body === 'string';
  try {
    return await fetch(path, {
      ...rest,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && !isRaw ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ statusCode: 0, error: 'Network Error', message: 'Cannot reach the server. Check your connection.' });
  }
}

/**
 * A successful response from the API: the session's Bearer token, one retry after a refresh when the access token
 * was refused, and every failure turned into an ApiError (network failures get status 0).
 */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const useAuth = options.auth !== false;
  let token = useAuth ? await session.accessToken() : null;
  let response = await send(path, options, token);
  if (response.status === 401 && token && (await session.refresh())) {
    token = await session.accessToken();
    response = await send(path, options, token);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  return response;
}

/** The one way the web app calls JSON endpoints, so TanStack Query and the screens handle one error type. */
export async function http<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads a file the API serves behind authentication (a plain link cannot carry the Bearer token). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await request(path, { headers: { Accept: '*/*' } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
