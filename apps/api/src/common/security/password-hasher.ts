import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes): ~50 ms per hash on this hardware. */
@Injectable()
export class PasswordHasher {
  /** A hash of a random password, verified against when the email is unknown so both paths take as long. */
  private readonly decoy = hash('decoy-password-that-never-matches');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash ?? (await this.decoy), password);
    } catch {
      return false;
    }
  }
}
