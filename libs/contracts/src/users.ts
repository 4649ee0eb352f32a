import type { Email, IsoDateTime, Uuid } from './scalars';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { PaginationQuery, type Page } from './pagination';

export const ROLES = ['admin', 'member'] as const;
/** An account's role across the whole app (spreadsheet roles are separate). */
export type Role = (typeof ROLES)[number];

export const GRID_DENSITIES = ['compact', 'normal', 'comfortable'] as const;
export type GridDensity = (typeof GRID_DENSITIES)[number];

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Per-user settings the web app honours. Unknown keys are refused. */
export class UserPreferences {
  @IsOptional()
  @IsIn(GRID_DENSITIES, { message: `gridDensity must be one of: ${GRID_DENSITIES.join(', ')}` })
  gridDensity?: GridDensity;
}

/** A full account, as its owner and admins see it. Never carries a password hash. */
export interface User {
  id: Uuid;
  email: Email;
  displayName: string;
  role: Role;
  isActive: boolean;
  preferences: UserPreferences;
  createdAt: IsoDateTime;
  lastLoginAt: IsoDateTime | null;
}

/** What any user may see of another (enough to share a spreadsheet with them). */
export interface UserSummary {
  id: Uuid;
  email: Email;
  displayName: string;
}

/** `GET /api/users`: admins get full accounts, members get summaries. */
export type UserPage = Page<User | UserSummary>;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `GET /api/users`: prefix search on name or email. */
export class ListUsersQuery extends PaginationQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(trim)
  search?: string;
}

/** The profile fields a person may change on their own account. */
export class ProfileFields {
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'displayName must be 1 to 100 characters' })
  displayName?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => UserPreferences)
  preferences?: UserPreferences;
}

/** `PATCH /api/users/me`: profile fields; a new password needs the current one. */
export class UpdateMeDto extends ProfileFields {
  @ValidateIf((o: UpdateMeDto) => o.newPassword !== undefined)
  @IsString({ message: 'currentPassword is required to change the password' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;

  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  @MinLength(PASSWORD_MIN_LENGTH, { message: `newPassword must be at least ${PASSWORD_MIN_LENGTH} characters` })
  newPassword?: string;
}

/** `PUT /api/users/:id`: admins may set every field; a user on themself only the profile fields. */
export class UpdateUserDto extends ProfileFields {
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
