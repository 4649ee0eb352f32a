import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import type { AuthUser } from '../../common/auth/auth-user';
import { CredentialsService } from './credentials.service';

/** Personal API tokens (`ctv_…`) as Bearer credentials, for the token's owner while their account is active. */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(private readonly credentials: CredentialsService) {
    super();
  }

  async validate(secret: string): Promise<AuthUser | false> {
    return (await this.credentials.fromApiToken(secret)) ?? false;
  }
}
