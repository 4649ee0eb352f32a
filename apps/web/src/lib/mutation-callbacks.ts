import type { UseMutationOptions } from '@tanstack/react-query';

/**
 * What a screen adds to a feature's mutation hook: its own reaction to success and failure (messages, closing a form).
 * The hook keeps the cache up to date itself. Given to the hook rather than to `mutate`, they run for every call,
 * not only the latest one.
 */
export type MutationCallbacks<TData, TVariables> = Pick<UseMutationOptions<TData, Error, TVariables>, 'onSuccess' | 'onError'>;
