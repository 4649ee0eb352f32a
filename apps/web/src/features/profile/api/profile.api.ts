import type { UpdateMeDto, User } from '@contrivance/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as sdk from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';
import { authKeys } from '../../auth';

export const updateMe = async (dto: UpdateMeDto) => (await sdk.updateMe({ body: dto })).data;

/** Name and preferences: the signed-in account everyone reads is replaced with the answer. */
export function useUpdateProfile(callbacks: MutationCallbacks<User, UpdateMeDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    ...callbacks,
    onSuccess: (...args) => {
      queryClient.setQueryData(authKeys.me(), args[0]);
      return callbacks.onSuccess?.(...args);
    },
  });
}

export function useChangePassword(callbacks: MutationCallbacks<User, UpdateMeDto> = {}) {
  return useMutation({ mutationFn: updateMe, ...callbacks });
}
