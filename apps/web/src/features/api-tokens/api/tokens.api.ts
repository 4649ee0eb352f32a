import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateApiTokenDto, CreatedApiToken } from '@contrivance/contracts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const tokenKeys = {
  all: ['api-tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
};

export const tokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: async ({ signal }) => (await listApiTokens({ query: { limit: 1000 }, signal })).data,
  });

export const createToken = async (dto: CreateApiTokenDto) => (await createApiToken({ body: dto })).data;
export const revokeToken = async (id: string) => {
  await revokeApiToken({ path: { id } });
};

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
