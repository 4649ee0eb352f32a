import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { API_TOKEN_PREFIX } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import type { AppConfig } from '../../config/app-config';
import type { AccessTokenClaims } from './auth.service';
import { CredentialsService } from './credentials.service';
import { JWT_VERIFY_OPTIONS, jwtKey } from './jwt-options';

const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The Bearer credential when it can be a JWT. An API token (`ctv_…`) is left to the api-token strategy: handed to
 * jsonwebtoken it would only fail, and building that failure cost more than the rest of an integration's request.
 */
const jwtFromRequest = (req: Parameters<typeof bearer>[0]): string | null => {
  const token = bearer(req);
  return token && !token.startsWith(API_TOKEN_PREFIX) ? token : null;
};

/**
 * Access JWTs: HS256 only (so `alg: none` and key-confusion tricks fail), issuer and audience checked. The account is
 * read on every request, so a deactivation or role change takes effect at the token's next use.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly credentials: CredentialsService,
  ) {
    super({
      jwtFromRequest,
      // A KeyObject, not the string (see jwtKey). passport-jwt hands it to jsonwebtoken unchanged; only its typings
      // lag behind jsonwebtoken's.
      secretOrKey: jwtKey(config.get('auth.jwtSecret', { infer: true })) as unknown as Buffer,
      ...JWT_VERIFY_OPTIONS,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser | false> {
    return (await this.credentials.fromClaims(claims)) ?? false;
  }
}
