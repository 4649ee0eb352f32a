// Benchmark: first load of the web app in Chromium, the build of a baseline commit (before precompression and the
// grid's own chunk) against this checkout's build, both served by this checkout's API in the same run.
// For each build: the bytes transferred (sum of CDP encodedDataLength over the responses) and the time from navigation
// start to the first grid rows drawn on a 24-row sheet, with a cold cache (a new browser context) and a warm one (a
// reload in the same context), on localhost and on a throttled link; and the bytes of the sign-in page (the shell).
//   node bench/first-load.mjs [baselineCommit=923f57c] [runs=5]
// Needs `npm run build`, git and the system Chromium (CHROMIUM_PATH, else /usr/bin/chromium). Uses DATABASE_URL's
// server (fresh databases are created and dropped), else embedded PostgreSQL.
/* global document, window, MutationObserver -- in the functions the page runs */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startBenchApp } from './support/app.mjs';
import { call, median } from './support/measure.mjs';

/** main just before the first-load work (issue #17): one entry script with ServeStaticModule, uncompressed. */
const BASELINE = process.argv[2] ?? '923f57c';
const RUNS = Number(process.argv[3] ?? 5);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AFTER_DIST = join(ROOT, 'apps/web/dist');
/** A link slower than localhost, where the bytes show: 10 Mbit/s down, 40 ms round trip. */
const PROFILES = [
  { name: 'localhost', conditions: null },
  { name: '10 Mbit/s, 40 ms RTT', conditions: { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 } },
];
const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/**
 * The baseline's web app built from its own sources, in a folder of this checkout so its imports resolve to this
 * node_modules (not inside node_modules: Vite would not apply the libraries' tsconfig, decorators and all, there).
 */
function buildBaseline() {
  const dir = mkdtempSync(join(ROOT, '.first-load-baseline-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BASELINE} tsconfig.json apps/web libs | tar -x -C "${dir}"`]);
  // The SDK's generated source is not committed (the SDK's build writes it from the API's OpenAPI document).
  cpSync(join(ROOT, 'libs/sdk/src/generated'), join(dir, 'libs/sdk/src/generated'), { recursive: true });
  if (existsSync(join(ROOT, 'apps/web/node_modules'))) symlinkSync(join(ROOT, 'apps/web/node_modules'), join(dir, 'apps/web/node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: join(dir, 'apps/web'), stdio: 'inherit' });
  return { dir, dist: join(dir, 'apps/web/dist') };
}

/** An app serving one build, with an account and a sheet from the sales-pipeline template (24 rows). */
async function serve(label, dist) {
  const bench = await startBenchApp(`contrivance_bench_first_load_${label}`, { WEB_DIST_DIR: dist });
  const auth = await call(bench.base, '/auth/register', {
    method: 'POST',
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123', displayName: 'Bench' }),
  });
  const headers = { Authorization: `Bearer ${auth.accessToken}`, 'Content-Type': 'application/json' };
  const sheet = await call(bench.base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Pipeline', template: 'sales-pipeline' }) });
  const session = JSON.stringify({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, accessExpiresAt: Date.now() + auth.expiresIn * 1000 });
  return { ...bench, label, sheetId: sheet.id, session };
}

/** Runs in the page before its scripts: notes when row 0 of the grid first shows cells with text. */
function watchFirstRows(session) {
  if (session) localStorage.setItem('contrivance.session', session);
  const DETAIL = '__detail';
  const seen = () => {
    const row = document.querySelector('[data-testid="sheet-grid"] .ag-row[row-index="0"]');
    // A data cell with text (not a loading stub, nor the row's open-details button).
    return row !== null && [...row.querySelectorAll('.ag-cell')].some((c) => c.getAttribute('col-id') !== DETAIL && c.textContent.trim() !== '');
  };
  new MutationObserver((_, observer) => {
    if (!seen()) return;
    window.__firstRowsAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** Bytes received per response type (CDP encodedDataLength: headers and the body as sent, 0 when from the cache). */
async function countBytes(context, page, conditions) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
  const types = new Map();
  let bytes = { total: 0, script: 0 };
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    bytes.total += e.encodedDataLength;
    if (types.get(e.requestId) === 'Script') bytes.script += e.encodedDataLength;
  });
  return {
    take: () => {
      const taken = bytes;
      bytes = { total: 0, script: 0 };
      return taken;
    },
  };
}

async function firstRows(page, load) {
  await load();
  const at = await page
    .waitForFunction(() => window.__firstRowsAt, null, { timeout: 60_000 })
    .catch(async (error) => {
      const rows = await page.evaluate(() => [...document.querySelectorAll('.ag-row')].slice(0, 2).map((r) => r.textContent.slice(0, 60)));
      throw new Error(`no grid rows at ${page.url()}: ${rows.join(' | ')}`, { cause: error });
    });
  // Let the responses in flight when the rows showed finish, so their bytes are counted.
  await page.waitForTimeout(300);
  return at.jsonValue();
}

/** A cold load of the sheet in a new context, then a reload in it (warm cache). */
async function sheetLoads(browser, app, conditions) {
  const context = await browser.newContext({ baseURL: app.base });
  await context.addInitScript(watchFirstRows, app.session);
  const page = await context.newPage();
  const bytes = await countBytes(context, page, conditions);
  const coldMs = await firstRows(page, () => page.goto(`/sheets/${app.sheetId}`));
  const cold = bytes.take();
  const warmMs = await firstRows(page, () => page.reload());
  const warm = bytes.take();
  await context.close();
  return { coldMs, cold, warmMs, warm };
}

/** The sign-in page, signed out, cold: what the shell costs. */
async function shellBytes(browser, app) {
  const context = await browser.newContext({ baseURL: app.base });
  const page = await context.newPage();
  const bytes = await countBytes(context, page, null);
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.waitForTimeout(300);
  await context.close();
  return bytes.take();
}

const kb = (n) => (n / 1024).toFixed(1);
const ratio = (value, baseline) => (baseline ? (value / baseline).toFixed(2) : '');
const row = (figure, value, baseline, target = '') => `| ${figure} | ${value} | ${baseline} | ${ratio(Number(value), Number(baseline))} | ${target} |`;

const baseline = buildBaseline();
const apps = [];
const browser = await chromium.launch(LAUNCH);
try {
  apps.push(await serve('before', baseline.dist), await serve('after', AFTER_DIST));
  const [before, after] = apps;
  const shell = { before: await shellBytes(browser, before), after: await shellBytes(browser, after) };
  const lines = [];
  for (const { name, conditions } of PROFILES) {
    const results = { before: [], after: [] };
    for (let i = 0; i < RUNS; i += 1) {
      // Alternate which build goes first, so drift on a shared machine falls on both.
      for (const app of i % 2 ? [after, before] : [before, after]) results[app.label].push(await sheetLoads(browser, app, conditions));
    }
    const med = (label, pick) => median(results[label].map(pick));
    for (const load of ['cold', 'warm']) {
      lines.push(row(`sheet ${load}, ${name}: first grid rows (median ms)`, med('after', (r) => r[`${load}Ms`]).toFixed(0), med('before', (r) => r[`${load}Ms`]).toFixed(0)));
      if (!conditions) {
        lines.push(row(`sheet ${load}: transferred (KB)`, kb(med('after', (r) => r[load].total)), kb(med('before', (r) => r[load].total))));
        lines.push(row(`sheet ${load}: of which scripts (KB)`, kb(med('after', (r) => r[load].script)), kb(med('before', (r) => r[load].script))));
      }
    }
  }
  lines.unshift(
    row('sign-in page (shell) cold: transferred (KB)', kb(shell.after.total), kb(shell.before.total)),
    row('sign-in page (shell) cold: of which scripts (KB)', kb(shell.after.script), kb(shell.before.script)),
  );
  console.log(`\nFirst load in Chromium: this build vs ${BASELINE}'s (baseline), both served by this API; medians of ${RUNS} runs\n`);
  console.log('| figure | value | baseline | ratio | target |');
  console.log('|---|---|---|---|---|');
  for (const line of lines) console.log(line);
} finally {
  await browser.close();
  for (const app of apps) await app.stop();
  rmSync(baseline.dir, { recursive: true, force: true });
}
