import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';

/**
 * Refresh and API tokens are long random secrets, so a keyed fast hash (HMAC-SHA256) is enough to store them: a
 * leaked table cannot be used, and lookups by hash stay indexable. The key is TOKEN_HASH_SECRET.
 */
@Injectable()
export class SecretHasher {
  private readonly key: string;

  constructor(config: ConfigService<AppConfig, true>) {
    this.key = config.get('auth.tokenHashSecret', { infer: true });
  }

  /** 32 random bytes, URL-safe. */
  static newSecret(bytes = 32): string {
    return randomBytes(bytes).toString('base64url');
  }

  hash(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('hex');
  }

  matches(secret: string, expectedHash: string): boolean {
    const actual = Buffer.from(this.hash(secret), 'hex');
    const expected = Buffer.from(expectedHash, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
