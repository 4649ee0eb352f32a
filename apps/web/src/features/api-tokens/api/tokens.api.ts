import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, CreateApiTokenDto, CreatedApiToken, Page } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const tokenKeys = {
  all: ['api-tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
};

export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => http<Page<ApiToken>>('/api/tokens?limit=1000', { signal }),
  });

export const createToken = (dto: CreateApiTokenDto) => http<CreatedApiToken>('/api/tokens', { method: 'POST', body: dto });
export const revokeToken = (id: string) => http<void>(`/api/tokens/${id}`, { method: 'DELETE' });

export function useCreateToken(callbacks: MutationCallbacks<CreatedApiToken, CreateApiTokenDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: tokenKeys.all });
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
