// Checks recorded HTTP responses (response-recorder.cjs) against the OpenAPI 3.0 document: each response must belong
// to a documented operation, with a documented status (or `default`), a documented media type, a body valid against
// that media type's schema and with no property the schema does not declare (a field missing from the document is
// a field no generated client sees), and the headers the document marks required. Plain CommonJS so global-teardown.mjs can
// load it without a transform; the unit spec beside it feeds it a small document and hand-made responses.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const DOCUMENT_ID = 'contrivance-openapi';

/**
 * Responses that are not API operations, so the document does not describe them. Each one says why; anything else
 * that matches no operation is a mismatch (or, for a 404 from an unknown route, checked as an error body).
 */
const EXCLUSIONS = [
  { reason: 'Socket.IO transport (/ws): described by the AsyncAPI document, not OpenAPI', test: (r) => /^\/ws(\/|\?|$)/.test(r.path) },
  { reason: 'the OpenAPI document and its interactive docs (/api/docs*) themselves', test: (r) => /^\/api\/docs(-json|-yaml)?(\/|$)/.test(r.path) },
  {
    reason: 'the AsyncAPI document (/api/asyncapi.json): its own spec, kept out of OpenAPI with @ApiExcludeController and validated by asyncapi.e2e-spec',
    test: (r) => r.path === '/api/asyncapi.json',
  },
  { reason: 'test-only probe routes (test/support/probe.module.ts), mounted by specs to exercise global wiring', test: (r) => r.path.startsWith('/api/test-probe/') },
  {
    reason: 'the web app: static files and client-side routes served by WebAppModule (everything outside /api, /auth, /health, /metrics, /ws)',
    test: (r) => !/^\/(api|auth|health|metrics|ws)(\/|$)/.test(r.path),
  },
  { reason: 'CORS preflight (OPTIONS), answered by the CORS middleware before any route', test: (r) => r.method === 'OPTIONS' },
];

/** Copies an OpenAPI 3.0 schema into JSON Schema ajv understands: `nullable: true` becomes "or null". */
function toJsonSchema(node) {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'example' || key === 'examples' ? value : toJsonSchema(value);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string' && !out.$ref) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  // OpenAPI 3.0 ignores `nullable` without `type`; what its author meant is "this, or null".
  return { anyOf: [out, { type: 'null' }] };
}

/** Converts every `schema` of the document (and components.schemas) so refs into the document still resolve. */
function convertDocument(document) {
  const walk = (node, key) => {
    if (Array.isArray(node)) return node.map((v) => walk(v));
    if (!node || typeof node !== 'object') return node;
    if (key === 'schema') return toJsonSchema(node);
    if (key === 'schemas') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, toJsonSchema(v)]));
    if (key === 'example' || key === 'examples') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(document);
}

const escapePointer = (segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** Operations of the document with a regex per path template; literal segments win over `{params}`. */
function operationsOf(document) {
  const operations = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    const source = template
      .split('/')
      .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const params = (template.match(/\{[^}]+\}/g) ?? []).length;
    for (const method of METHODS) {
      if (item[method]) operations.push({ method: method.toUpperCase(), template, params, regex: new RegExp(`^${source}/?$`), operation: item[method] });
    }
  }
  return operations.sort((a, b) => a.params - b.params);
}

const mediaTypeOf = (contentType) => (contentType ? String(contentType).split(';')[0].trim().toLowerCase() : null);

/** The documented content entry for a media type: exact, then `type/*`, then `*\/*`. */
function contentFor(content, mediaType) {
  if (!content || !mediaType) return undefined;
  const keys = Object.keys(content);
  const key = keys.find((k) => k.toLowerCase() === mediaType) ?? keys.find((k) => k.toLowerCase() === `${mediaType.split('/')[0]}/*`) ?? keys.find((k) => k === '*/*');
  return key === undefined ? undefined : { key, entry: content[key] };
}

function headerValue(schema, value) {
  if (schema && (schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/**
 * Checks `responses` (records of response-recorder.cjs) against `document`. Answers what was checked, what was left
 * out and why, every mismatch, and which documented operations no response exercised.
 */
function checkResponses(document, responses) {
  const warnings = [];
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateSchema: false,
    logger: { log: () => undefined, warn: (m) => warnings.push(String(m)), error: (m) => warnings.push(String(m)) },
  });
  addFormats(ajv);
  const converted = convertDocument(document);
  ajv.addSchema({ ...converted, $id: DOCUMENT_ID });
  const validators = new Map();
  const validatorFor = (pointer) => {
    if (!validators.has(pointer)) {
      try {
        validators.set(pointer, ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` }));
      } catch (error) {
        validators.set(pointer, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return validators.get(pointer);
  };
  const validate = (pointer, value) => {
    const validator = validatorFor(pointer);
    if (validator instanceof Error) return [{ pointer: null, message: `the schema does not compile: ${validator.message}` }];
    if (validator(value)) return [];
    return validator.errors.map((e) => ({ pointer: e.instancePath, message: `${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}` }));
  };

  const check = { validate, undocumented: (pointer, value) => undocumentedProperties(converted, schemaAt(converted, pointer), value) };
  const operations = operationsOf(document);
  const errorBodyRef = '/components/schemas/ErrorBody';
  const hasErrorBody = Boolean(document.components?.schemas?.ErrorBody);
  const result = {
    sources: new Map(),
    checked: 0,
    bodiesValidated: 0,
    truncated: 0,
    excluded: new Map(),
    unknownRoutes: 0,
    mismatches: [],
    exercised: new Set(),
    operationCount: operations.length,
    warnings,
  };
  const mismatch = (response, operation, problem, pointer = null) =>
    result.mismatches.push({ operation, method: response.method, url: response.url, status: response.status, pointer, problem, spec: response.spec });

  for (const response of responses) {
    result.sources.set(response.source, (result.sources.get(response.source) ?? 0) + 1);
    const path = String(response.url).split('?')[0];
    const r = { ...response, path };
    const exclusion = EXCLUSIONS.find((e) => e.test(r));
    if (exclusion) {
      result.excluded.set(exclusion.reason, (result.excluded.get(exclusion.reason) ?? 0) + 1);
      continue;
    }
    result.checked += 1;
    const candidates = operations.filter((o) => o.regex.test(path));
    const match = candidates.find((o) => o.method === response.method) ?? (response.method === 'HEAD' ? candidates.find((o) => o.method === 'GET') : undefined);
    if (!match) {
      // A route (or method) the API does not have: the 404 is right, and it is still an error body.
      if (response.status === 404 && hasErrorBody) {
        result.unknownRoutes += 1;
        for (const e of checkBody(response, { 'application/json': { schema: { $ref: `#${errorBodyRef}` } } }, errorBodyRef, check)) {
          mismatch(response, `unknown route ${response.method} ${path}`, e.problem, e.pointer);
        }
      } else {
        mismatch(response, `${response.method} ${path}`, `no documented operation for ${response.method} ${path} (answered ${response.status})`);
      }
      continue;
    }
    const label = `${match.method} ${match.template}`;
    result.exercised.add(label);
    const responses = match.operation.responses ?? {};
    const statusKey = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!statusKey) {
      mismatch(response, label, `status ${response.status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
      continue;
    }
    const documented = responses[statusKey];
    const base = `/paths/${escapePointer(match.template)}/${match.method.toLowerCase()}/responses/${escapePointer(statusKey)}/content`;
    for (const e of checkBody(response, documented.content, base, check)) mismatch(response, label, e.problem, e.pointer);
    if (response.bytes > 0 && response.body !== null && response.body !== undefined) result.bodiesValidated += 1;
    if (response.truncated) result.truncated += 1;
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const value = response.headers?.[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) mismatch(response, label, `required header ${name} is missing`);
        continue;
      }
      if (!header.schema) continue;
      const headerPointer = `${base.replace(/\/content$/, '')}/headers/${escapePointer(name)}/schema`;
      for (const e of validate(headerPointer, headerValue(header.schema, value))) mismatch(response, label, `header ${name}: ${e.message} (sent ${JSON.stringify(value)})`);
    }
  }
  result.notExercised = operations.map((o) => `${o.method} ${o.template}`).filter((label) => !result.exercised.has(label));
  return result;
}

/** Media type and body of one response against a documented `content` map (undefined: no body documented). */
function checkBody(response, content, contentPointer, { validate, undocumented }) {
  const problems = [];
  const mediaType = mediaTypeOf(response.contentType);
  if (!content || Object.keys(content).length === 0) {
    if (response.bytes > 0) problems.push({ problem: `a body of ${response.bytes} bytes (${mediaType ?? 'no media type'}) where the document has none`, pointer: null });
    return problems;
  }
  const found = contentFor(content, mediaType);
  if (!found) {
    problems.push({ problem: `media type ${mediaType ?? '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`, pointer: null });
    return problems;
  }
  if (!found.entry?.schema || response.truncated || response.body === null || response.body === undefined) return problems;
  let body;
  try {
    body = JSON.parse(response.body);
  } catch {
    problems.push({ problem: `the body is not valid JSON: ${JSON.stringify(String(response.body).slice(0, 80))}`, pointer: null });
    return problems;
  }
  const schemaPointer = contentPointer.startsWith('/components/') ? contentPointer : `${contentPointer}/${escapePointer(found.key)}/schema`;
  for (const e of validate(schemaPointer, body)) problems.push({ problem: e.message, pointer: e.pointer });
  // Only a body that is valid is searched for undocumented fields, so one wrong field is not reported twice.
  if (problems.length === 0) for (const pointer of undocumented(schemaPointer, body)) problems.push({ problem: 'a property the schema does not declare', pointer });
  return problems;
}

/** The value at a JSON pointer of the document. */
function schemaAt(document, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node, segment) => node?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

/** A schema and every schema it is made of (refs followed; allOf, anyOf and oneOf members alike). */
function partsOf(document, schema, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) return partsOf(document, schemaAt(document, schema.$ref.replace(/^[^#]*#/, '')), seen);
  return [schema, ...['allOf', 'anyOf', 'oneOf'].flatMap((k) => (schema[k] ?? []).flatMap((member) => partsOf(document, member, seen)))];
}

/**
 * JSON pointers of the properties in `value` that no part of `schema` declares, where the schema lists its properties
 * (a free-form object, such as preferences, declares none and is not searched). A body can be valid and still carry
 * fields the document never mentions: generated clients then cannot see them.
 */
function undocumentedProperties(document, schema, value, pointer = '') {
  const parts = partsOf(document, schema);
  if (Array.isArray(value)) {
    const items = parts.map((p) => p.items).filter(Boolean);
    if (!items.length) return [];
    return value.flatMap((item, i) => undocumentedProperties(document, { anyOf: items }, item, `${pointer}/${i}`));
  }
  if (!value || typeof value !== 'object') return [];
  const objects = parts.filter((p) => p.properties || p.additionalProperties !== undefined || p.type === 'object' || (Array.isArray(p.type) && p.type.includes('object')));
  if (!objects.length) return [];
  const open = objects.some((p) => p.additionalProperties === true || (!p.properties && p.additionalProperties === undefined));
  const found = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = objects.map((p) => p.properties?.[key]).filter(Boolean);
    const extra = objects.map((p) => p.additionalProperties).filter((a) => a && typeof a === 'object');
    const childSchemas = declared.length ? declared : extra;
    const childPointer = `${pointer}/${escapePointer(key)}`;
    if (childSchemas.length) found.push(...undocumentedProperties(document, { anyOf: childSchemas }, child, childPointer));
    else if (!open) found.push(childPointer);
  }
  return found;
}

/**
 * Every record of a run folder (one NDJSON file per recording process). A line cut short (a process killed while it
 * wrote) is counted, not parsed.
 */
function readRecords(dir) {
  const records = [];
  let unreadable = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        unreadable += 1;
      }
    }
  }
  return { records, unreadable };
}

/** A body pointer with array indices and ids (row values are keyed by column id) generalised, for grouping. */
const generalPointer = (pointer) => pointer.replace(/\/\d+(?=\/|$)/g, '/*').replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/gi, '/{id}');

/** Mismatches grouped by what went wrong, each with how often and where it was first seen. */
function groupMismatches(mismatches) {
  const groups = new Map();
  for (const m of mismatches) {
    const key = `${m.operation} → ${m.status}${m.pointer === null ? '' : ` at #${generalPointer(m.pointer)}`}: ${m.problem}`;
    const group = groups.get(key) ?? { key, count: 0, specs: new Set(), example: `${m.method} ${m.url}${m.pointer ? ` at #${m.pointer}` : ''}` };
    group.count += 1;
    group.specs.add(m.spec);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The report printed at the end of the run. */
function formatReport(result) {
  const lines = [];
  lines.push(
    `OpenAPI response check: ${result.checked} responses checked (${result.bodiesValidated} bodies validated), ` +
      `${result.exercised.size}/${result.operationCount} documented operations exercised, ${result.unknownRoutes} answers to unknown routes checked as errors.`,
  );
  lines.push(`  recorded: ${[...result.sources].map(([source, count]) => `${count} from ${source}s`).join(', ')}`);
  if (result.truncated) lines.push(`  ${result.truncated} bodies over the recorder's limit: status, media type and headers checked, not the body`);
  for (const [reason, count] of result.excluded) lines.push(`  excluded ${count}: ${reason}`);
  if (result.notExercised.length) lines.push(`  never exercised (${result.notExercised.length}): ${result.notExercised.join(', ')}`);
  for (const warning of new Set(result.warnings)) lines.push(`  ajv: ${warning}`);
  const groups = groupMismatches(result.mismatches);
  if (groups.length) {
    lines.push(`${result.mismatches.length} responses disagree with the document (${groups.length} distinct):`);
    for (const g of groups) {
      const specs = [...g.specs];
      const where = specs.length > 3 ? `${specs.slice(0, 3).join(', ')} and ${specs.length - 3} more` : specs.join(', ');
      lines.push(`  ✗ ${g.key}\n      ${g.count}× e.g. ${g.example} — in ${where}`);
    }
  }
  return lines.join('\n');
}

module.exports = { EXCLUSIONS, checkResponses, readRecords, formatReport, groupMismatches, toJsonSchema };
