import { JwtService } from '@nestjs/jwt';
import * as crypto from 'crypto';
import * as jsonwebtoken from 'jsonwebtoken';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt.constants';
import { jwtModuleOptions } from './jwt-options';

// jsonwebtoken takes these from 'crypto' when it loads: spied here, before it does.
jest.mock('crypto', () => {
  const actual = jest.requireActual<typeof import('crypto')>('crypto');
  return { ...actual, createPublicKey: jest.fn(actual.createPublicKey), createPrivateKey: jest.fn(actual.createPrivateKey) };
});

const SECRET = 'unit-jwt-secret-0123456789abcdef0123456789';

describe('jwtModuleOptions', () => {
  beforeEach(() => jest.clearAllMocks());

  it('signs and verifies access tokens without parsing the secret as a PEM key each time', async () => {
    const jwt = new JwtService(jwtModuleOptions(SECRET, 900));
    const token = await jwt.signAsync({ sub: 'user', sid: 'session' });
    await expect(jwt.verifyAsync(token)).resolves.toMatchObject({ sub: 'user', sid: 'session', iss: JWT_ISSUER, aud: JWT_AUDIENCE });
    expect(crypto.createPublicKey).not.toHaveBeenCalled();
    expect(crypto.createPrivateKey).not.toHaveBeenCalled();
  });

  it('accepts exactly the tokens the string secret accepts: HS256 with that secret, issuer and audience', async () => {
    const jwt = new JwtService(jwtModuleOptions(SECRET, 900));
    const claims = { sub: 'user', sid: 'session' };
    const signed = (secret: string, options: jsonwebtoken.SignOptions) => jsonwebtoken.sign(claims, secret, { expiresIn: 900, ...options });
    await expect(jwt.verifyAsync(signed(SECRET, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE }))).resolves.toMatchObject(claims);
    await expect(jwt.verifyAsync(signed(`${SECRET}x`, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE }))).rejects.toThrow('invalid signature');
    await expect(jwt.verifyAsync(signed(SECRET, { algorithm: 'HS512', issuer: JWT_ISSUER, audience: JWT_AUDIENCE }))).rejects.toThrow('invalid algorithm');
    await expect(jwt.verifyAsync(signed(SECRET, { algorithm: 'HS256', issuer: 'other', audience: JWT_AUDIENCE }))).rejects.toThrow('jwt issuer invalid');
    await expect(jwt.verifyAsync(signed(SECRET, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: 'other' }))).rejects.toThrow('jwt audience invalid');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    await expect(jwt.verifyAsync(unsigned)).rejects.toThrow();
  });
});
