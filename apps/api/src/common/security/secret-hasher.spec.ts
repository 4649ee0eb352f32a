import type { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import { SecretHasher } from './secret-hasher';

const hasherWith = (key: string) => new SecretHasher({ get: () => key } as unknown as ConfigService<AppConfig, true>);

describe('SecretHasher', () => {
  const hasher = hasherWith('k'.repeat(32));

  it('hashes deterministically under one key, differently under another', () => {
    expect(hasher.hash('secret')).toBe(hasher.hash('secret'));
    expect(hasher.hash('secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(hasherWith('j'.repeat(32)).hash('secret')).not.toBe(hasher.hash('secret'));
    expect(hasher.hash('secret2')).not.toBe(hasher.hash('secret'));
  });

  it('matches a secret against its stored hash only', () => {
    const stored = hasher.hash('right');
    expect(hasher.matches('right', stored)).toBe(true);
    expect(hasher.matches('wrong', stored)).toBe(false);
    expect(hasher.matches('right', 'abcd')).toBe(false);
  });

  it('makes URL-safe random secrets of the asked strength', () => {
    const a = SecretHasher.newSecret(32);
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(SecretHasher.newSecret(32)).not.toBe(a);
  });
});
