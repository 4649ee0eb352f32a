import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Page, UpdateUserDto, User } from '@contrivance/contracts';
import * as sdk from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';

export const adminUserKeys = {
  all: ['admin-users'] as const,
  list: (search: string, offset: number, limit: number) => [...adminUserKeys.all, 'list', { search, offset, limit }] as const,
};

export const adminUsersQuery = (search: string, offset: number, limit: number) =>
  queryOptions({
    queryKey: adminUserKeys.list(search, offset, limit),
    // Admins get full accounts from this endpoint.
    queryFn: async ({ signal }) => (await sdk.listUsers({ query: { limit, offset, ...(search ? { search } : {}) }, signal })).data as Page<User>,
    placeholderData: keepPreviousData,
  });

export const updateUser = async ({ id, ...dto }: UpdateUserDto & { id: string }) => (await sdk.updateUser({ path: { id }, body: dto })).data;
export const deactivateUser = async (id: string) => {
  await sdk.deactivateUser({ path: { id } });
};

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
