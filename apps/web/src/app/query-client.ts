import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-error';

/** Client errors (4xx) are answers, not glitches: only network failures and 5xx are retried. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && !(error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500),
      },
      mutations: { retry: false },
    },
  });
}
