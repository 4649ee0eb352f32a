import { contractJsonSchemas, schemasReachedFrom, toOpenApi30, withComponentRefs } from './contract-schemas';

describe('toOpenApi30', () => {
  it('writes null in a type list as nullable beside the type', () => {
    expect(toOpenApi30({ type: ['string', 'null'], format: 'uuid' })).toEqual({ type: 'string', format: 'uuid', nullable: true });
  });

  it('writes a list of several types as one option per type, the first admitting null', () => {
    expect(toOpenApi30({ type: ['number', 'string', 'null'] })).toEqual({ anyOf: [{ type: 'number', nullable: true }, { type: 'string' }] });
  });

  it('writes a nullable ref as an allOf with a type, since nullable needs one beside it', () => {
    expect(toOpenApi30({ anyOf: [{ $ref: '#/definitions/Row' }, { type: 'null' }], description: 'd' })).toEqual({
      description: 'd',
      type: 'object',
      allOf: [{ $ref: '#/components/schemas/Row' }],
      nullable: true,
    });
  });

  it('folds null out of a longer anyOf into its first typed option', () => {
    expect(toOpenApi30({ anyOf: [{ $ref: '#/definitions/A' }, { type: 'string' }, { type: 'null' }, { type: 'number' }] })).toEqual({
      anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'string', nullable: true }, { type: 'number' }],
    });
  });

  it('writes const as a one-value enum and examples as one example, leaving enum values alone', () => {
    expect(toOpenApi30({ type: 'boolean', const: true, examples: [true, false] })).toEqual({ type: 'boolean', enum: [true], example: true });
    expect(toOpenApi30({ type: 'string', enum: ['null', 'a'] })).toEqual({ type: 'string', enum: ['null', 'a'] });
  });

  it('converts nested properties, items and additionalProperties', () => {
    expect(
      toOpenApi30({
        type: 'object',
        properties: { at: { type: ['string', 'null'] }, list: { type: 'array', items: { $ref: '#/definitions/Row' } } },
        additionalProperties: { const: 'x' },
      }),
    ).toEqual({
      type: 'object',
      properties: { at: { type: 'string', nullable: true }, list: { type: 'array', items: { $ref: '#/components/schemas/Row' } } },
      additionalProperties: { enum: ['x'] },
    });
  });

  it('points refs into components for JSON-schema documents too (AsyncAPI)', () => {
    expect(withComponentRefs({ items: [{ $ref: '#/definitions/Row' }], $ref: '#/other' })).toEqual({ items: [{ $ref: '#/components/schemas/Row' }], $ref: '#/other' });
  });
});

describe('the contracts build (libs/contracts/dist/schemas.json)', () => {
  const schemas = contractJsonSchemas();

  it('writes the answers from their types, formats from the scalar names (Uuid, IsoDateTime, Count)', () => {
    const row = schemas.Row as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(row.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(row.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(row.properties.version).toMatchObject({ type: 'integer' });
    expect(row.required).toEqual(expect.arrayContaining(['id', 'values', 'version', 'updatedBy']));
    expect((schemas.SpreadsheetPage as { properties: Record<string, unknown> }).properties.total).toMatchObject({ type: 'integer', minimum: 0 });
  });

  it('names only the listed shapes: everything else is written inline', () => {
    const refs = JSON.stringify(schemas).match(/"\$ref":"#\/definitions\/[^"]+"/g) ?? [];
    const named = new Set(refs.map((r) => r.slice('"$ref":"#/definitions/'.length, -1)));
    expect([...named].filter((name) => !(name in schemas))).toEqual([]);
    expect(named.has('Uuid')).toBe(false);
  });

  it('merges unions of string literal types into one enum (a webhook event)', () => {
    const events = (schemas.Webhook as { properties: { events: { items: { enum: string[] } } } }).properties.events.items;
    expect(events.enum).toEqual(expect.arrayContaining(['cell', 'row:create', 'comment.created']));
  });
});

describe('schemasReachedFrom', () => {
  it('keeps the schemas a root refers to, with theirs, and names the ones missing', () => {
    const all = { A: { properties: { b: { $ref: '#/components/schemas/B' } } }, B: { items: { $ref: '#/definitions/A' } }, Unused: {} };
    const { used, missing } = schemasReachedFrom({ paths: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/Gone' }] }, all);
    expect(Object.keys(used).sort()).toEqual(['A', 'B']);
    expect(missing).toEqual(['Gone']);
  });
});
