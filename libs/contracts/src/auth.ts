import type { Integer } from './scalars';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type User } from './users';

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `POST /auth/register`. */
export class RegisterDto {
  @Transform(normaliseEmail)
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  password: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'displayName must be 1 to 100 characters' })
  displayName: string;
}

/** `POST /auth/login`. */
export class LoginDto {
  @Transform(normaliseEmail)
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  @MinLength(1, { message: 'password is required' })
  password: string;
}

/** `POST /auth/refresh` and `POST /auth/logout`. */
export class RefreshTokenDto {
  @IsString()
  @Length(20, 200, { message: 'refreshToken is malformed' })
  refreshToken: string;
}

/** Answer of register, login and refresh. `expiresIn` is the access token's lifetime in seconds. */
export interface AuthResponse {
  user: User;
  /** JWT (HS256) for the Authorization header. */
  accessToken: string;
  /** Opaque; single use: each refresh returns a new one. */
  refreshToken: string;
  /** The access token's lifetime in seconds. */
  expiresIn: Integer;
}

/** `GET /auth/validate`. */
export interface ValidateResponse {
  user: User;
}
