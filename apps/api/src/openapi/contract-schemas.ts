import { readFileSync } from 'node:fs';

/** A JSON schema (draft-07), or an OpenAPI 3.0 schema object. */
export type JsonSchema = Record<string, unknown>;

/** What a request DTO's property type says beyond its validation rules: it takes null, or what its map holds. */
export interface DtoTypeHint {
  nullable?: true;
  additionalProperties?: JsonSchema;
}

interface SchemasFile {
  definitions: Record<string, JsonSchema>;
  dtoHints: Record<string, Record<string, DtoTypeHint>>;
}

let cache: SchemasFile | undefined;

/** libs/contracts/dist/schemas.json, written by the contracts' build (`scripts/write-schemas.mjs`) from its types. */
function schemasFile(): SchemasFile {
  cache ??= JSON.parse(readFileSync(require.resolve('@contrivance/contracts/dist/schemas.json'), 'utf8')) as SchemasFile;
  return cache;
}

/** The answers' and events' shapes as JSON schemas (draft-07), from the contracts' types; refs point at `#/definitions/<name>`. */
export function contractJsonSchemas(): Record<string, JsonSchema> {
  return schemasFile().definitions;
}

/** By DTO class and property: what the property's type adds to the schema its validation rules give. */
export function dtoTypeHints(): Record<string, Record<string, DtoTypeHint>> {
  return schemasFile().dtoHints;
}

const DEFINITIONS = '#/definitions/';

/** `schema` with its refs pointing into a document's `components.schemas`. */
export function withComponentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withComponentRefs);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith(DEFINITIONS) ? `#/components/schemas/${value.slice(DEFINITIONS.length)}` : withComponentRefs(value),
    ]),
  );
}

const isNullType = (schema: unknown) => Boolean(schema) && (schema as JsonSchema).type === 'null' && Object.keys(schema as object).length === 1;

/**
 * A draft-07 schema as OpenAPI 3.0 writes it: `null` in a type list or an `anyOf` becomes `nullable` beside a
 * type, `const` an one-value `enum`, `examples` one `example`; refs point into `components.schemas`.
 * (`{}`, any value, stays as it is: in 3.0 it admits null too.)
 */
export function toOpenApi30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApi30);
  if (!schema || typeof schema !== 'object') return schema;
  const { type, anyOf, const: constant, examples, $ref, ...rest } = schema as JsonSchema;
  const out: JsonSchema = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, key === 'enum' || key === 'required' || key === 'example' || key === 'default' ? value : toOpenApi30(value)]),
  );
  if (typeof $ref === 'string') out.$ref = $ref.startsWith(DEFINITIONS) ? `#/components/schemas/${$ref.slice(DEFINITIONS.length)}` : $ref;
  if (Array.isArray(type)) {
    const types = (type as string[]).filter((t) => t !== 'null');
    const nullable = types.length < type.length ? { nullable: true } : {};
    if (types.length === 1) Object.assign(out, { type: types[0] }, nullable);
    // `number | string`: one option per type (the list carries no keyword of one type alone).
    else out.anyOf = types.map((t, i) => ({ type: t, ...(i === 0 ? nullable : {}) }));
  } else if (type !== undefined) out.type = type;
  if (Array.isArray(anyOf)) {
    const options = anyOf.filter((option) => !isNullType(option));
    if (options.length === anyOf.length) out.anyOf = toOpenApi30(anyOf);
    else if (options.length === 1) {
      const only = toOpenApi30(options[0]) as JsonSchema;
      // A nullable ref: `nullable` needs a `type` beside it, so the ref goes in an allOf.
      return only.$ref ? { ...out, type: 'object', allOf: [only], nullable: true } : { ...out, ...only, nullable: true };
    } else {
      // `nullable` needs a `type` beside it: the first option with a type admits null for all of them.
      const converted = toOpenApi30(options) as JsonSchema[];
      const typed = converted.findIndex((option) => typeof option.type === 'string');
      if (typed < 0) throw new Error(`a nullable anyOf OpenAPI 3.0 cannot write: ${JSON.stringify(anyOf)}`);
      converted[typed] = { ...converted[typed], nullable: true };
      out.anyOf = converted;
    }
  }
  if (constant !== undefined) out.enum = [constant];
  if (Array.isArray(examples) && examples.length) out.example = examples[0];
  return out;
}

const SCHEMA_REF = /^#\/(components\/schemas|definitions)\//;

/**
 * The schemas of `all` that `root` refers to (`#/components/schemas/<name>` or `#/definitions/<name>`), with those they
 * refer to in turn; and the names referred to that `all` does not have. One walk for both documents: the OpenAPI
 * document keeps only what its paths use, the AsyncAPI document only what its messages use.
 */
export function schemasReachedFrom<T>(root: unknown, all: Record<string, T>): { used: Record<string, T>; missing: string[] } {
  const used: Record<string, T> = {};
  const missing = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const $ref = (value as JsonSchema).$ref;
    if (typeof $ref === 'string' && SCHEMA_REF.test($ref)) {
      const name = $ref.replace(SCHEMA_REF, '');
      if (!(name in all)) missing.add(name);
      else if (!(name in used)) {
        used[name] = all[name];
        visit(all[name]);
      }
    }
    Object.values(value).forEach(visit);
  };
  visit(root);
  return { used, missing: [...missing] };
}
