// Records every HTTP response the apps under test send, so global-teardown.mjs can check each one against the OpenAPI
// document (response-check.cjs). Plain CommonJS because it is loaded three ways: by Jest (bootApp, for the apps booted
// in the test process), by process.cjs (to pass it on to spawned apps) and by `node --require` inside those apps.
//
// Why wrap http.ServerResponse rather than add a test-only Nest middleware or interceptor: those see what reaches the
// point where they are mounted, while answers also come from express middleware that runs first (CORS preflights,
// the 413/415 of requestInput's body checks, the 400 of a malformed query, static files) and from the spawned built
// app, which has no test-only code in it. Wrapping `write`/`end` of the one class every Node HTTP answer goes through
// catches all of them, in both kinds of process, without touching the app.
'use strict';
const { appendFileSync } = require('node:fs');
const http = require('node:http');
const { join } = require('node:path');

/** Set by globalSetup: the run's folder of records. Nothing is recorded without it (e.g. under Playwright). */
const LOG_DIR_ENV = 'CONTRIVANCE_RESPONSE_LOG_DIR';
/** Passed to spawned apps: the spec that started them, for attributing a mismatch. */
const SPEC_ENV = 'CONTRIVANCE_RESPONSE_SPEC';
/** JSON bodies larger than this are recorded as truncated: their status and media type are still checked. */
const MAX_BODY_BYTES = 1024 * 1024;

const PRELOAD = join(__dirname, 'record-responses.preload.cjs');
// Jest loads this file afresh for every spec file (one module registry each), but http.ServerResponse is the process's
// one class: the patch and its state hang off it under a global symbol, so they are installed once per process.
const STATE = Symbol.for('contrivance.responseRecorder');
const CHUNKS = Symbol('contrivance.responseRecorder.chunks');

/** Media types whose bodies the check parses; other bodies (CSV, HTML, scripts) are recorded by size only. */
const isJson = (contentType) => /^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? '');

function install() {
  const proto = http.ServerResponse.prototype;
  if (proto[STATE]) return proto[STATE];
  const state = { recordAll: false, servers: new WeakMap(), file: null, warned: false };
  proto[STATE] = state;

  const originalWrite = proto.write;
  const originalEnd = proto.end;
  proto.write = function write(chunk, ...rest) {
    collect(this, chunk, rest[0]);
    return originalWrite.call(this, chunk, ...rest);
  };
  proto.end = function end(chunk, ...rest) {
    if (chunk !== undefined && typeof chunk !== 'function') collect(this, chunk, rest[0]);
    if (!this.writableEnded && this.req && this[CHUNKS] !== null) this.once('finish', () => record(state, this));
    return originalEnd.call(this, chunk, ...rest);
  };
  return state;
}

/** The spec the response belongs to, or undefined when the response is not the app's (a test's webhook receiver). */
function specOf(state, res) {
  if (state.recordAll) return process.env[SPEC_ENV] ?? 'unknown spec';
  const server = res.req?.socket?.server;
  return server ? state.servers.get(server) : undefined;
}

function collect(res, chunk, encoding) {
  if (res[CHUNKS] === null || chunk === undefined || chunk === null || typeof chunk === 'function') return;
  const chunks = (res[CHUNKS] ??= { list: [], bytes: 0 });
  const buffer = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
  chunks.bytes += buffer.length;
  // Bodies the check will not parse are counted, not kept.
  if (chunks.bytes <= MAX_BODY_BYTES && isJson(String(res.getHeader('content-type') ?? ''))) chunks.list.push(buffer);
}

function record(state, res) {
  if (res[CHUNKS] === null) return;
  const spec = specOf(state, res);
  const dir = process.env[LOG_DIR_ENV];
  if (!spec || !dir) return;
  const chunks = res[CHUNKS] ?? { list: [], bytes: 0 };
  res[CHUNKS] = null;
  const contentType = res.getHeader('content-type');
  const json = isJson(String(contentType ?? ''));
  const entry = {
    spec,
    source: state.recordAll ? 'spawned app' : 'in-process app',
    method: res.req.method,
    url: res.req.originalUrl ?? res.req.url,
    status: res.statusCode,
    contentType: contentType === undefined ? null : String(contentType),
    headers: Object.fromEntries(Object.entries(res.getHeaders()).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)])),
    bytes: chunks.bytes,
    truncated: json && chunks.bytes > MAX_BODY_BYTES,
    body: json && chunks.bytes <= MAX_BODY_BYTES ? Buffer.concat(chunks.list).toString('utf8') : null,
  };
  state.file ??= join(dir, `responses-${process.pid}.ndjson`);
  // Synchronous on purpose: a spawned app may be killed with SIGKILL right after answering.
  try {
    appendFileSync(state.file, `${JSON.stringify(entry)}\n`);
  } catch (error) {
    // The run's folder is gone (an app outliving the run): the recorder must never take the app under test down.
    if (!state.warned) process.stderr.write(`response recorder: ${error instanceof Error ? error.message : String(error)}\n`);
    state.warned = true;
  }
}

/** Records the responses of an app server booted in this (Jest) process, attributed to the running spec file. */
function recordResponsesOf(server, spec) {
  if (!process.env[LOG_DIR_ENV]) return;
  install().servers.set(server, spec);
  markRecording();
}

/** Records every response of this process: used inside a spawned app, where every server is the app's. */
function recordAllResponses() {
  if (!process.env[LOG_DIR_ENV]) return;
  install().recordAll = true;
  markRecording();
}

/** Leaves a mark that this process records, so the check can tell "no responses" from "a recorder that never wrote". */
function markRecording() {
  appendFileSync(join(process.env[LOG_DIR_ENV], `recording-${process.pid}`), '');
}

/** Environment that makes a spawned app record its responses into this run's folder (empty when not recording). */
function recorderEnvironment(spec) {
  const dir = process.env[LOG_DIR_ENV];
  if (!dir) return {};
  return { NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, [LOG_DIR_ENV]: dir, [SPEC_ENV]: spec ?? 'unknown spec' };
}

/** The spec file Jest is running (relative to apps/api), when called from inside a Jest test. */
function currentSpec() {
  const testPath = globalThis.expect?.getState?.().testPath;
  return testPath ? testPath.slice(testPath.indexOf('/test/') + 1) : undefined;
}

module.exports = { LOG_DIR_ENV, MAX_BODY_BYTES, recordResponsesOf, recordAllResponses, recorderEnvironment, currentSpec };
