import { ApiError, apiErrorFrom } from './api-error';

export interface RequestOptions extends Omit<RequestInit, 'body'> {
  /** Serialised as JSON when it is not already a FormData or string. */
  body?: unknown;
}

/**
 * The one way the web app calls the API: same-origin paths, JSON in and out, and every failure turned into an
 * ApiError (network failures get status 0) so TanStack Query and the screens handle one error type.
 */
export async function http<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { body, headers, ...rest } = options;
  const isRaw = body instanceof FormData || typeof body === 'string';
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && !isRaw ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isRaw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ statusCode: 0, error: 'Network Error', message: 'Cannot reach the server. Check your connection.' });
  }
  if (!response.ok) throw await apiErrorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
