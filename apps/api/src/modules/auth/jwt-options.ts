import { createSecretKey, type KeyObject } from 'node:crypto';
import type { JwtModuleOptions } from '@nestjs/jwt';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt.constants';

/**
 * The HS256 secret as a KeyObject, made once. Given the string, jsonwebtoken first tries (and fails) to parse it as a
 * PEM public or private key on every verify and sign: ~0.4 ms each on an idle machine, several under load, which was
 * a third of an instance's CPU while a crowd of sockets connected (each handshake verifies the access token).
 */
export const jwtKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret));

/** How access JWTs are checked, by the module's JwtService and the Passport strategy alike. */
export const JWT_VERIFY_OPTIONS = { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE } satisfies JwtModuleOptions['verifyOptions'];

/** How access JWTs are signed and checked: HS256 only (so `alg: none` and key-confusion tricks fail), issuer and audience. */
export function jwtModuleOptions(secret: string, expiresInSeconds: number): JwtModuleOptions {
  const key = jwtKey(secret);
  return {
    secretOrKeyProvider: () => key,
    signOptions: { algorithm: 'HS256', expiresIn: expiresInSeconds, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
    verifyOptions: JWT_VERIFY_OPTIONS,
  };
}
