// Helpers to run the built app as its own process, shared by the Jest e2e specs and Playwright's global setup.
// Plain CommonJS so both runners load it as is (types in process.d.cts).
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { createServer } = require('node:net');
const { join, resolve } = require('node:path');
const { currentSpec, recorderEnvironment } = require('./response-recorder.cjs');

const API_ROOT = resolve(__dirname, '../..');
const REPO_ROOT = resolve(API_ROOT, '../..');
const MAIN_JS = join(API_ROOT, 'dist', 'main.js');

/**
 * Starts dist/main.js with exactly `env` (plus PATH and HOME), so a DATABASE_URL from the caller's shell cannot leak
 * in. Requires `npm run build`, which `npm test` runs first. Under the Jest e2e run the app also records its responses
 * for the OpenAPI check (response-recorder.cjs).
 */
function spawnApp(env) {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH || '', HOME: process.env.HOME || '', ...recorderEnvironment(currentSpec()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d.toString()));
  child.stderr.on('data', (d) => (output += d.toString()));
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers 200, the process dies, or the time runs out. */
async function waitForOk(url, app, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void app.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the app exited before ${url} was ready:\n${app.output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${app.output()}`);
}

/** A free TCP port on loopback, for a spawned app or its embedded database. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

module.exports = { API_ROOT, REPO_ROOT, MAIN_JS, spawnApp, waitForOk, freePort };
