// Writes dist/schemas.json: JSON schemas (draft-07) of the shapes the API answers with and the real-time protocol sends,
// generated from this package's TypeScript types, so a response shape is written once (the interface) and the
// OpenAPI and AsyncAPI documents take it from here. Run by `npm run build` after tsc.
//
// Every name in SCHEMAS becomes a definition; the types they use that are not in the list (scalars such as `Uuid`,
// enums, small nested objects) are written inline, so the documents name only what an integrator would name.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_FILE = join(ROOT, 'dist', 'schemas.json');

/** The shapes that get a name of their own in the documents. */
const SCHEMAS = [
  // HTTP answers
  'ErrorBody',
  'HealthResponse',
  'User',
  'UserSummary',
  'UserPage',
  'AuthResponse',
  'ValidateResponse',
  'ApiToken',
  'ApiTokenPage',
  'CreatedApiToken',
  'SelectOption',
  'CellValue',
  'Column',
  'Spreadsheet',
  'SpreadsheetPage',
  'Row',
  'RowPage',
  'Member',
  'MemberPage',
  'Change',
  'ChangePage',
  'ImportProgress',
  'PipelineReport',
  'ViewFilterGroup',
  'View',
  'ViewPage',
  'SummaryResult',
  'SummaryGroup',
  'SearchResult',
  'UndoResult',
  'Comment',
  'CommentPage',
  'CommentCounts',
  'Webhook',
  'WebhookPage',
  'CreatedWebhook',
  'WebhookDelivery',
  'WebhookDeliveryPage',
  // Webhook deliveries
  'WebhookPayload',
  'CommentWebhookPayload',
  // Real-time events
  'SheetChange',
  'PresenceUser',
  'PresenceEvent',
  'JoinResult',
  'RevokedEvent',
  'LinkedValuesEvent',
  'ShutdownEvent',
  'CommentEvent',
];

const DEFINITIONS_PREFIX = '#/definitions/';

const GENERATOR_OPTIONS = {
  path: join(ROOT, 'src', 'index.ts'),
  tsconfig: join(ROOT, 'tsconfig.json'),
  expose: 'export',
  topRef: true,
  jsDoc: 'extended',
  // tsc has just checked the package.
  skipTypeCheck: true,
  // Answers may grow fields: clients must not break on one they do not know.
  additionalProperties: true,
  sortProps: true,
};

/** `value` with every `$ref` to a definition outside SCHEMAS replaced by (a copy of) that definition. */
function inlineUnnamed(value, definitions, inlining = []) {
  if (Array.isArray(value)) return value.map((item) => inlineUnnamed(item, definitions, inlining));
  if (!value || typeof value !== 'object') return value;
  const { $ref, ...siblings } = value;
  if (typeof $ref === 'string' && $ref.startsWith(DEFINITIONS_PREFIX)) {
    const name = decodeURIComponent($ref.slice(DEFINITIONS_PREFIX.length));
    if (!SCHEMAS.includes(name)) {
      if (!definitions[name]) throw new Error(`schema ${name} is referred to but was not generated`);
      if (inlining.includes(name)) throw new Error(`${name} refers to itself: add it to SCHEMAS`);
      // The use's own description (a property's JSDoc) wins over the type's.
      const own = inlineUnnamed(siblings, definitions, inlining);
      return { ...inlineUnnamed(definitions[name], definitions, [...inlining, name]), ...own };
    }
    // A named shape with a description of its use: a ref's siblings are ignored, so the ref goes in an allOf.
    if (Object.keys(siblings).length) return { allOf: [{ $ref }], ...inlineUnnamed(siblings, definitions, inlining) };
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inlineUnnamed(item, definitions, inlining)]));
}

/** `a | b` of string literal unions (`ChangeKind | CommentWebhookEvent`) as one enum, as a person would write it. */
function mergeEnums(value) {
  if (Array.isArray(value)) return value.map(mergeEnums);
  if (!value || typeof value !== 'object') return value;
  const out = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mergeEnums(item)]));
  const literals = (option) => option.type === 'string' && (option.enum ?? (option.const !== undefined ? [option.const] : undefined));
  if (Array.isArray(out.anyOf) && out.anyOf.every(literals)) {
    const { anyOf, ...rest } = out;
    return { type: 'string', enum: [...new Set(anyOf.flatMap(literals))], ...rest };
  }
  return out;
}

export function generateSchemas() {
  const generator = createGenerator(GENERATOR_OPTIONS);
  const all = {};
  for (const name of SCHEMAS) Object.assign(all, generator.createSchema(name).definitions);
  return Object.fromEntries(SCHEMAS.map((name) => [name, mergeEnums(inlineUnnamed(all[name], all))]));
}

const isNull = (schema) => schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null')) || (schema.anyOf ?? []).some(isNull);

/**
 * What the request DTOs' types say that their validation rules cannot: which properties take null (a view setting
 * cleared), and what a map property holds (`widths: Record<string, number>`). By class and property; the API adds it
 * to the schemas it derives from the rules.
 */
export function dtoTypeHints(generator = createGenerator(GENERATOR_OPTIONS)) {
  const require = createRequire(import.meta.url);
  const contracts = require(join(ROOT, 'dist', 'index.js'));
  const classes = Object.keys(contracts).filter((name) => typeof contracts[name] === 'function' && /^[A-Z]\w*(Dto|Query)$/.test(name));
  const hints = {};
  for (const name of classes) {
    const all = generator.createSchema(name).definitions;
    for (const [property, schema] of Object.entries(all[name].properties ?? {})) {
      const own = schema.anyOf?.filter((option) => !isNull(option)).length === 1 ? schema.anyOf.find((option) => !isNull(option)) : schema;
      const map = own.type === 'object' && own.additionalProperties && Object.keys(own.additionalProperties).length ? own : undefined;
      if (!isNull(schema) && !map) continue;
      hints[name] ??= {};
      hints[name][property] = {
        ...(isNull(schema) ? { nullable: true } : {}),
        ...(map ? { additionalProperties: mergeEnums(inlineUnnamed(map.additionalProperties, all)) } : {}),
      };
    }
  }
  return hints;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const definitions = generateSchemas();
  const dtoHints = dtoTypeHints();
  mkdirSync(dirname(SCHEMAS_FILE), { recursive: true });
  writeFileSync(SCHEMAS_FILE, `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', definitions, dtoHints }, null, 2)}\n`);
  process.stdout.write(`wrote ${Object.keys(definitions).length} schemas to ${SCHEMAS_FILE}\n`);
}
