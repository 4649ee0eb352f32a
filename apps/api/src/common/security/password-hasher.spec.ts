import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('produces salted argon2id hashes that verify only the right password', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
    await expect(hasher.verify(first, 'correct horse battery')).resolves.toBe(true);
    await expect(hasher.verify(first, 'Correct horse battery')).resolves.toBe(false);
  });

  it('answers false, without throwing, for a missing or malformed hash', async () => {
    await expect(hasher.verify(undefined, 'anything')).resolves.toBe(false);
    await expect(hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });
});
