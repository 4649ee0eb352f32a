import type { UpdateMeDto, User } from '@contrivance/contracts';
import { http } from '../../../lib/http';

export const updateMe = (dto: UpdateMeDto) => http<User>('/api/users/me', { method: 'PATCH', body: dto });
