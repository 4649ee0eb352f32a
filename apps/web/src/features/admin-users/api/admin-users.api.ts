import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Page, UpdateUserDto, User } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const adminUserKeys = {
  all: ['admin-users'] as const,
  list: (search: string, offset: number, limit: number) => [...adminUserKeys.all, 'list', { search, offset, limit }] as const,
};

export const adminUsersQuery = (search: string, offset: number, limit: number) =>
  queryOptions({
    queryKey: adminUserKeys.list(search, offset, limit),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      if (search) params.set('search', search);
      // Admins get full accounts from this endpoint.
      return http<Page<User>>(`/api/users?${params}`, { signal });
    },
    placeholderData: keepPreviousData,
  });

export const updateUser = ({ id, ...dto }: UpdateUserDto & { id: string }) => http<User>(`/api/users/${id}`, { method: 'PUT', body: dto });
export const deactivateUser = (id: string) => http<void>(`/api/users/${id}`, { method: 'DELETE' });

export function useUpdateUser(callbacks: MutationCallbacks<User, UpdateUserDto & { id: string }> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: adminUserKeys.all });
      return callbacks.onSuccess?.(...args);
    },
  });
}

/** Deactivates an account (taking the account, so the screen can name it). */
export function useDeactivateUser(callbacks: MutationCallbacks<void, User> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: User) => deactivateUser(user.id),
    ...callbacks,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: adminUserKeys.all });
      return callbacks.onSuccess?.(...args);
    },
  });
}
