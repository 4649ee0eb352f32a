import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import type { AuthUser } from '../../common/auth/auth-user';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { UsersService } from '../users/users.service';

/** Personal API tokens (`ctv_…`) as Bearer credentials, for the token's owner while their account is active. */
@Injectable()
export class ApiTokenStrategy extends PassportStrategy(Strategy, 'api-token') {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly users: UsersService,
  ) {
    super();
  }

  async validate(secret: string): Promise<AuthUser | false> {
    const identity = await this.tokens.authenticate(secret);
    if (!identity) return false;
    const user = await this.users.findActive(identity.userId);
    if (!user) return false;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      apiToken: { id: identity.tokenId, scope: identity.scope },
    };
  }
}
