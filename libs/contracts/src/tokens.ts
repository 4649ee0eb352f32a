import type { IsoDateTime, Uuid } from './scalars';
import { Transform } from 'class-transformer';
import type { Page } from './pagination';
import { IsDateString, IsIn, IsOptional, IsString, Length } from 'class-validator';

export const TOKEN_SCOPES = ['read', 'write'] as const;
/** `read` tokens may only use GET routes; `write` tokens may do what their owner may. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Personal API tokens start with this, so they are recognisable in logs and secret scanners. */
export const API_TOKEN_PREFIX = 'ctv_';

/** `POST /api/tokens`. */
export class CreateApiTokenDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name: string;

  @IsIn(TOKEN_SCOPES, { message: `scope must be one of: ${TOKEN_SCOPES.join(', ')}` })
  scope: TokenScope;

  /** Optional expiry (ISO-8601, in the future). Without it the token lasts until revoked. */
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'expiresAt must be an ISO-8601 date-time' })
  expiresAt?: string;
}

/** A token as listed: never the secret. `prefix` is the visible start of the secret. */
export interface ApiToken {
  id: Uuid;
  name: string;
  scope: TokenScope;
  /** The visible start of the secret, to recognise it. */
  prefix: string;
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime | null;
  lastUsedAt: IsoDateTime | null;
}

export type ApiTokenPage = Page<ApiToken>;

/** The answer to creating a token: the only time `token` (the secret) is shown. */
export interface CreatedApiToken extends ApiToken {
  /** The secret: shown only in this response. */
  token: string;
}
