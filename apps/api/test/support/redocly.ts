import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `redocly lint --extends=recommended` finds in an OpenAPI document, one line per problem. */
export function redoclyProblems(document: unknown): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'contrivance-openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const lint = spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', file, '--format=json', '--extends=recommended'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const report = JSON.parse(lint.stdout) as { problems: { ruleId: string; message: string; location: { pointer?: string }[] }[] };
  return report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
}
