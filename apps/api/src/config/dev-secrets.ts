import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets a development install generates once and keeps in its data folder (never used in production). */
export interface DevSecrets {
  jwtSecret: string;
  tokenHashSecret: string;
  embeddedDbPassword: string;
}

const secret = (): string => randomBytes(48).toString('base64url');

/**
 * Reads `<dataDir>/secrets.json`, creating it (mode 0600) on first run. Keys added by later versions are filled in,
 * existing ones never change, so sessions and tokens survive restarts.
 */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  const existing: Partial<DevSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    jwtSecret: existing.jwtSecret ?? secret(),
    tokenHashSecret: existing.tokenHashSecret ?? secret(),
    embeddedDbPassword: existing.embeddedDbPassword ?? secret(),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets;
}
