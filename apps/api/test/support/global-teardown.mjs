import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { LOG_DIR_ENV } = require('./response-recorder.cjs');
const { checkResponses, formatReport, readRecords } = require('./response-check.cjs');

/** The committed document: what integrators and the SDK are built from (openapi.e2e-spec keeps it equal to the served one). */
const DOCUMENT = new URL('../../openapi.json', import.meta.url);

/**
 * Drops the run's database, then checks every recorded response against the OpenAPI document. A mismatch fails the
 * run: Jest reports an error thrown here and exits non-zero even when every test passed.
 */
export default async function globalTeardown() {
  await globalThis.__contrivanceTestDatabase?.drop();
  const dir = process.env[LOG_DIR_ENV];
  if (!dir) return;
  const { records, unreadable } = readRecords(dir);
  const recorders = readdirSync(dir).filter((f) => f.startsWith('recording-')).length;
  if (recorders > 0 && records.length === 0) throw new Error(`${recorders} processes were set to record responses, but none was recorded: the recorder is broken (${dir})`);
  const result = checkResponses(JSON.parse(readFileSync(DOCUMENT, 'utf8')), records);
  const report = formatReport(result) + (unreadable ? `\n  ${unreadable} records cut short (a process killed while writing) were skipped` : '');
  if (result.mismatches.length) {
    throw new Error(`${report}\n(records kept in ${dir})`);
  }
  process.stdout.write(`\n${report}\n`);
  rmSync(dir, { recursive: true, force: true });
}
