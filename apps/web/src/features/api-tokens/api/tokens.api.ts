import { queryOptions } from '@tanstack/react-query';
import type { ApiToken, CreateApiTokenDto, CreatedApiToken, Page } from '@contrivance/contracts';
import { http } from '../../../lib/http';

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
