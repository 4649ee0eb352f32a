import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { ValidationTypes } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { dtoTypeHints, toOpenApi30, type DtoTypeHint } from './contract-schemas';
import type { SchemaObject } from './schemas';

let cache: Record<string, SchemaObject> | undefined;

/**
 * JSON schemas of every request DTO in libs/contracts (HTTP bodies and queries, and the payloads of socket events),
 * derived from their class-validator rules, so the document
 * and the validation cannot drift apart (the contracts stay free of Swagger decorators, which would pull server
 * code into the browser build).
 */
export function dtoSchemas(): Record<string, SchemaObject> {
  cache ??= validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
    // "Present, any JSON value" (a cell value over the socket): required, and no schema of its own. The default
    // (`not: { type: 'null' }`) is not valid OpenAPI 3.0.
    // A view's filter is checked by a function of the contracts (isViewFilter): its schema is the ViewFilterGroup one.
    // Min and Max bound a number without saying which kind: by default they would turn an @IsInt's `integer` into
    // `number` (and generated clients would take 2.5 for a page size).
    // A webhook's URL is a `uri` (the standard format; class-validator's IsUrl otherwise reads as `url`).
    additionalConverters: {
      [ValidationTypes.IS_DEFINED]: {},
      isViewFilter: () => ({ $ref: '#/components/schemas/ViewFilterGroup' }),
      min: (meta: { constraints: unknown[] }) => ({ minimum: meta.constraints[0] as number }),
      max: (meta: { constraints: unknown[] }) => ({ maximum: meta.constraints[0] as number }),
      isUrl: { type: 'string', format: 'uri' },
    },
  }) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(cache) as [string, Record<string, unknown>][]) {
    closeAndTypeValues(schema);
    applyTypeHints(schema, dtoTypeHints()[name] ?? {});
  }
  return cache;
}

/** A property that takes null says so (beside a type, as OpenAPI 3.0 needs); a map says what it holds. */
function applyTypeHints(schema: Record<string, unknown>, hints: Record<string, DtoTypeHint>): void {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, hint] of Object.entries(hints)) {
    if (!properties[name]) continue;
    // A copy: a subclass's schema shares its parent's property objects.
    let property = (properties[name] = { ...properties[name] });
    if (hint.additionalProperties && property.type === 'object' && property.additionalProperties === undefined) {
      property.additionalProperties = toOpenApi30(hint.additionalProperties);
    }
    if (hint.nullable) {
      if (typeof property.$ref === 'string') {
        const { $ref, ...rest } = property;
        property = properties[name] = { ...rest, type: 'object', allOf: [{ $ref }] };
      }
      property.nullable = true;
      if (Array.isArray(property.enum) && !property.enum.includes(null)) property.enum = [...(property.enum as unknown[]), null];
    }
  }
}

/**
 * The validation pipe refuses unknown fields (forbidNonWhitelisted), so every DTO's schema says so; and a row's
 * `values` map holds cell values (by column id or, with `keys=name`, by name) — typed, so generated clients can write
 * cells (a bare object would read as "no properties allowed" to some generators).
 */
function closeAndTypeValues(schema: Record<string, unknown>): void {
  if (schema.type !== 'object' || !schema.properties) return;
  schema.additionalProperties ??= false;
  const values = (schema.properties as Record<string, Record<string, unknown>>).values;
  if (values?.type === 'object' && values.additionalProperties === undefined) {
    values.additionalProperties = { $ref: '#/components/schemas/CellValue' };
    values.description ??= 'Cell values by column id (by column name with `keys=name`), each checked against its column\'s type; null or "" clears a cell';
  }
}

export const dtoRef = (dto: Type): SchemaObject => ({ $ref: `#/components/schemas/${dto.name}` });

/** Documents a JSON body by its contract DTO. */
export const ApiBodyDto = (dto: Type) => applyDecorators(ApiBody({ schema: dtoRef(dto) }));

/** Documents each property of a query DTO as a query parameter. */
export function ApiQueryDto(dto: Type): MethodDecorator {
  const schema = dtoSchemas()[dto.name] as { properties?: Record<string, SchemaObject>; required?: string[] };
  const decorators = Object.entries(schema?.properties ?? {}).map(([name, property]) => ApiQuery({ name, required: schema.required?.includes(name) ?? false, schema: property }));
  return applyDecorators(...decorators);
}
