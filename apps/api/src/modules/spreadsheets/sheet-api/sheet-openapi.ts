import type { OpenAPIObject } from '@nestjs/swagger';
import {
  COMPUTED_COLUMN_TYPES,
  ErrorCode,
  MAX_LINKS_PER_CELL,
  MAX_ROWS_PER_BATCH,
  SHEET_API_SCHEMAS,
  type Column,
  type ErrorBody,
  type FormulaResultType,
  type Row,
  type SheetApiValueSchema,
  type Spreadsheet,
} from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';
import { toErrorBody } from '../../../common/errors/error-body';
import { componentSchemas } from '../../../openapi/schemas';
import { ColumnNames } from '../rows/column-keys';

type ParameterObject = Extract<NonNullable<NonNullable<OpenAPIObject['paths'][string]['get']>['parameters']>[number], { in: string }>;
type SchemaObject = Exclude<NonNullable<ParameterObject['schema']>, { $ref: string }>;

/** What a sheet's document is made from: the sheet, as the caller sees it, and one of its rows for the examples. */
export interface SheetApiFacts {
  sheet: Pick<Spreadsheet, 'id' | 'name' | 'description' | 'ownerId' | 'columns'>;
  /** The sheet's first row, when it has one. */
  rowId?: string;
}

/** Stands for a row in examples when the sheet has none yet. */
export const EXAMPLE_ROW_ID = '00000000-0000-4000-8000-000000000000';
const EXAMPLE_TIME = '2026-01-15T09:30:00.000Z';
const EXAMPLE_DATE = '2026-01-31';
const MAX_TEXT: Partial<Record<Column['type'], number>> = { text: 10_000, longText: 100_000 };

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const isComputed = (column: Column) => COMPUTED_COLUMN_TYPES.includes(column.type);

/** A column's values as a type of their own says them (formulas and rollups: their result type). */
function plainValue(type: FormulaResultType | Column['type']): { type: string; format?: string } {
  switch (type) {
    case 'number':
    case 'currency':
    case 'percent':
      return { type: 'number' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'checkbox':
      return { type: 'boolean' };
    default:
      return { type: 'string' };
  }
}

const optionList = (column: Column) => (column.options?.length ? column.options.map((o) => `\`${o.id}\` (${o.label})`).join(', ') : 'none yet');

/** A column's values as rows are read (`keys=name`): stored form, option ids, computed cells read-only. */
function readSchema(column: Column): SheetApiValueSchema {
  const tags = { 'x-column-id': column.id, 'x-column-type': column.type };
  // A select without options takes no value yet: an empty enum is not valid JSON Schema.
  const options = column.options?.length ? { enum: column.options.map((o) => o.id), 'x-enum-descriptions': column.options.map((o) => o.label) } : {};
  const { enum: ids, ...labels } = options;
  switch (column.type) {
    case 'text':
    case 'longText':
      return { ...tags, type: 'string' };
    case 'email':
      return { ...tags, type: 'string', format: 'email' };
    case 'url':
      return { ...tags, type: 'string', format: 'uri' };
    case 'user':
      return { ...tags, type: 'string', format: 'uuid', description: 'A member of the sheet, by user id' };
    case 'select':
      return { ...tags, ...labels, type: 'string', ...(ids ? { enum: ids } : {}), description: `An option, by id: ${optionList(column)}` };
    case 'multiSelect':
      return { ...tags, ...labels, type: 'array', items: { type: 'string', ...(ids ? { enum: ids } : {}) }, description: `Options, by id: ${optionList(column)}` };
    case 'formula':
      return {
        ...tags,
        readOnly: true,
        description: `Computed: \`${column.formula ?? ''}\`; a row where it fails reads { "error": "#DIV/0!" } (or #NUM!, #ERROR!)`,
        oneOf: [plainValue(column.resultType ?? 'text'), ref('CellError')],
      };
    case 'rollup':
      return { ...tags, ...plainValue(column.resultType ?? 'text'), readOnly: true, description: `Computed: ${column.rollup?.fn ?? ''} over linked rows` };
    case 'lookup':
      return { ...tags, type: 'array', items: {}, readOnly: true, description: 'Computed: the looked-up values, one per linked row that has one' };
    case 'link':
      return {
        ...tags,
        description: 'Rows of the linked sheet, each with its first column as its label (or only how many, for a reader who cannot see that sheet). Written as a list of row ids.',
        oneOf: [{ type: 'array', items: ref('LinkedRow') }, ref('HiddenLinks')],
      };
    default:
      return { ...tags, ...plainValue(column.type) };
  }
}

/** A column's values as writes take them: what reads answer, and also an option's label, a member's email or name. */
function writeSchema(column: Column): SchemaObject {
  const options = column.options ?? [];
  // Writes take an option by id or by label (in any case); both are listed.
  const accepted = options.length ? { enum: [...new Set([...options.map((o) => o.id), ...options.map((o) => o.label)])] } : {};
  const choices = options.length ? `\`${options.map((o) => o.label).join('`, `')}\`` : 'none yet';
  switch (column.type) {
    case 'text':
    case 'longText':
      return { type: 'string', maxLength: MAX_TEXT[column.type] };
    case 'user':
      return { type: 'string', description: 'A member of the sheet: their user id, email, or name when no other member has it (stored as the user id)' };
    case 'select':
      return { type: 'string', ...accepted, description: `An option, by id or label: ${choices}` };
    case 'multiSelect':
      return { type: 'array', items: { type: 'string', ...accepted }, description: `Options, by id or label: ${choices}` };
    case 'link':
      return {
        type: 'array',
        items: { type: 'string', format: 'uuid' },
        maxItems: MAX_LINKS_PER_CELL,
        description: 'Ids of rows of the linked sheet; the list replaces the linked rows',
      };
    default: {
      const { 'x-column-id': _id, 'x-column-type': _type, ...plain } = readSchema(column);
      return plain;
    }
  }
}

/** A value of the column for the examples: real option ids and a real member (the owner). */
function exampleValue(column: Column, ownerId: string): unknown {
  switch (column.type) {
    case 'text':
      return `${column.name} text`;
    case 'longText':
      return 'A longer note';
    case 'number':
      return 42;
    case 'currency':
      return 1250.5;
    case 'percent':
      return 25;
    case 'date':
      return EXAMPLE_DATE;
    case 'checkbox':
      return true;
    case 'select':
      return column.options?.[0]?.id;
    case 'multiSelect':
      return column.options?.length ? [column.options[0].id] : undefined;
    case 'email':
      return 'someone@example.com';
    case 'url':
      return 'https://example.com';
    case 'user':
      return ownerId;
    default:
      return undefined;
  }
}

const exampleValues = (columns: Column[], ownerId: string) =>
  Object.fromEntries(columns.flatMap((c) => (exampleValue(c, ownerId) === undefined ? [] : [[c.name, exampleValue(c, ownerId)]])));

const errorExample = (error: DomainError): ErrorBody => toErrorBody(error) as ErrorBody;

function json(schema: SchemaObject | { $ref: string }, example: unknown) {
  return { content: { 'application/json': { schema, example } } };
}

function errorResponse(description: string, error: DomainError) {
  return { description, ...json(ref('ErrorBody'), errorExample(error)) };
}

/** Columns addressable by name: those whose name no other column shares (names are unique per sheet, in any case). */
function namedColumns(columns: readonly Column[]): { named: Column[]; shared: Column[] } {
  const count = new Map<string, number>();
  for (const c of columns) count.set(c.name.toLowerCase(), (count.get(c.name.toLowerCase()) ?? 0) + 1);
  return { named: columns.filter((c) => count.get(c.name.toLowerCase()) === 1), shared: columns.filter((c) => count.get(c.name.toLowerCase())! > 1) };
}

function columnTable(columns: Column[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const values = (c: Column) =>
    c.options?.length ? c.options.map((o) => `${o.label} (\`${o.id}\`)`).join(', ') : isComputed(c) ? 'read-only' : c.type === 'link' ? 'row ids' : '';
  return [
    '| Column | Type | Id (for filters and sorts) | Values |',
    '| --- | --- | --- | --- |',
    ...columns.map((c) => `| ${cell(c.name)}${c.required ? ' (required)' : ''} | ${c.type} | \`${c.id}\` | ${cell(values(c))} |`),
  ].join('\n');
}

/** The document's schemas: rows, their values by column name as read, created and changed, and the error body. */
function documentSchemas(named: Column[], writable: Column[]): Record<string, SchemaObject | { $ref: string }> {
  return {
    ErrorBody: componentSchemas().ErrorBody,
    // Only what the columns use (an unused component is a lint warning).
    ...(named.some((c) => c.type === 'formula') ? { CellError: { type: 'object', required: ['error'], properties: { error: { type: 'string', example: '#DIV/0!' } } } } : {}),
    ...(named.some((c) => c.type === 'link')
      ? {
          LinkedRow: { type: 'object', required: ['rowId', 'label'], properties: { rowId: { type: 'string', format: 'uuid' }, label: { type: 'string' } } },
          HiddenLinks: { type: 'object', required: ['hidden', 'count'], properties: { hidden: { type: 'boolean', enum: [true] }, count: { type: 'integer', minimum: 0 } } },
        }
      : {}),
    [SHEET_API_SCHEMAS.values]: {
      type: 'object',
      description: 'Cell values keyed by column name. Blank cells are absent.',
      properties: Object.fromEntries(named.map((c) => [c.name, readSchema(c) as SchemaObject])),
    },
    [SHEET_API_SCHEMAS.newValues]: {
      type: 'object',
      description: 'Cell values of a new row, keyed by column name. Computed columns cannot be written.',
      properties: Object.fromEntries(writable.map((c) => [c.name, writeSchema(c)])),
      ...(writable.some((c) => c.required) ? { required: writable.filter((c) => c.required).map((c) => c.name) } : {}),
      additionalProperties: false,
    },
    [SHEET_API_SCHEMAS.changedValues]: {
      type: 'object',
      description: 'The cells to change, keyed by column name; the others keep their values. null or "" clears a cell (not a required one).',
      properties: Object.fromEntries(writable.map((c) => [c.name, { ...writeSchema(c), nullable: true }])),
      additionalProperties: false,
    },
    [SHEET_API_SCHEMAS.row]: {
      type: 'object',
      required: ['id', 'position', 'values', 'version', 'createdAt', 'updatedAt', 'updatedBy'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        position: { type: 'number' },
        values: ref(SHEET_API_SCHEMAS.values),
        version: { type: 'integer', description: 'Send it back as expectedVersion to refuse a change made meanwhile' },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time' },
        updatedBy: { type: 'string', format: 'uuid', nullable: true },
      },
    },
    RowPage: {
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: { type: 'array', items: ref(SHEET_API_SCHEMAS.row) },
        total: { type: 'integer', description: 'Absent when count=false' },
        nextCursor: { type: 'string', nullable: true, description: 'On a full page in sheet order: pass it as `after` for the next page' },
      },
    },
    NewRows: {
      type: 'object',
      required: ['rows'],
      properties: {
        rows: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_ROWS_PER_BATCH,
          items: { type: 'object', required: ['values'], properties: { values: ref(SHEET_API_SCHEMAS.newValues) }, additionalProperties: false },
        },
        beforeRowId: { type: 'string', format: 'uuid', description: 'Insert the rows just before this row (default: at the end)' },
      },
      additionalProperties: false,
    },
    RowChange: {
      type: 'object',
      required: ['values'],
      properties: {
        values: ref(SHEET_API_SCHEMAS.changedValues),
        expectedVersion: { type: 'integer', minimum: 1, description: 'The row version you edited; a newer one on the server gives 409 with the current row' },
      },
      additionalProperties: false,
    },
  };
}

/** The error answers of the operations, each with its example (a write's also 403), as the server words them. */
function errorResponses(columns: readonly Column[]) {
  const unauthorized = errorResponse('Missing, invalid or expired credentials', new DomainError(ErrorCode.Unauthorized, 'Missing or invalid credentials'));
  const notFound = errorResponse('No such sheet or row, or the sheet is not shared with the caller', DomainError.notFound('Spreadsheet'));
  const forbidden = errorResponse('Needs the editor role (or an API token allowed to write)', new DomainError(ErrorCode.Forbidden, 'Viewers cannot change this spreadsheet'));
  const invalid = errorResponse('Invalid input: an unknown or ambiguous column name, or a value its column refuses', unknownNameError(columns));
  const rateLimited = errorResponse('Too many requests; see Retry-After', DomainError.rateLimited('Too many requests; try again in 30 s', 30));
  return (write: boolean) => ({ '400': invalid, '401': unauthorized, ...(write ? { '403': forbidden } : {}), '404': notFound, '429': rateLimited });
}

/**
 * The OpenAPI 3.0 document of one sheet's rows: its paths with the sheet's id, `values` keyed by column name with a
 * schema per column (read, create, change), examples made of the sheet's own ids and options, bearer auth and the
 * error body. Built from the sheet as the caller sees it; a snapshot (columns added later are not in it).
 */
export function sheetOpenApi({ sheet, rowId }: SheetApiFacts): OpenAPIObject {
  const { named, shared } = namedColumns(sheet.columns);
  const writable = named.filter((c) => !isComputed(c));
  const base = `/api/spreadsheets/${sheet.id}`;
  const exampleRowId = rowId ?? EXAMPLE_ROW_ID;
  const newValues = exampleValues(writable, sheet.ownerId);
  const change = Object.fromEntries(Object.entries(newValues).slice(0, 2));
  const exampleRow: Row = {
    id: exampleRowId,
    position: 1,
    values: newValues as Row['values'],
    version: 2,
    createdAt: EXAMPLE_TIME,
    updatedAt: EXAMPLE_TIME,
    updatedBy: sheet.ownerId,
  };
  const filterColumn = named.find((c) => c.type === 'select' && c.options?.length) ?? named.find((c) => !isComputed(c) && c.type !== 'link');
  const filterExample = filterColumn && `${filterColumn.id}:${filterColumn.options?.length ? `eq:${filterColumn.options[0].id}` : 'isNotEmpty'}`;

  const keysParameter: ParameterObject = {
    name: 'keys',
    in: 'query',
    required: true,
    description: 'Row `values` are keyed by column name in answers and in writes (names match in any case). Without it they are keyed by column id.',
    schema: { type: 'string', enum: ['name'] },
    example: 'name',
  };
  const rowIdParameter: ParameterObject = {
    name: 'rowId',
    in: 'path',
    required: true,
    description: "The row's id",
    schema: { type: 'string', format: 'uuid' },
    example: exampleRowId,
  };
  const query = (name: string, description: string, schema: SchemaObject, example?: unknown): ParameterObject => ({
    name,
    in: 'query',
    required: false,
    description,
    schema,
    ...(example === undefined ? {} : { example }),
  });

  const errors = errorResponses(sheet.columns);

  const schemas = documentSchemas(named, writable);

  const description = [
    `The rows of the sheet "${sheet.name}" (\`${sheet.id}\`), with \`values\` keyed by column name (\`keys=name\`).`,
    sheet.description ? `\n${sheet.description}\n` : '',
    'Send an access token or a personal API token as `Authorization: Bearer <token>` (a read token can only read).',
    'Filters and sorts name columns by id (`filter=<columnId>:<op>[:<value>]`, `sort=<columnId>:asc|desc`).',
    'This document is a snapshot of the columns: fetch it again after they change.',
    '',
    columnTable(sheet.columns),
    ...(shared.length ? ['', `Columns sharing a name cannot be addressed by name (use their ids): ${shared.map((c) => `\`${c.id}\``).join(', ')}.`] : []),
  ].join('\n');

  return {
    openapi: '3.0.3',
    info: { title: `${sheet.name}: rows`, version: '1.0.0', description, license: { name: 'Proprietary: all rights reserved', url: '/LICENSE.txt' } },
    servers: [{ url: '/', description: 'The server this document was fetched from' }],
    security: [{ bearer: [] }],
    tags: [{ name: 'rows', description: `Rows of "${sheet.name}"` }],
    paths: {
      [`${base}/rows`]: {
        get: {
          operationId: 'listRows',
          summary: 'List rows',
          description: 'A page of rows in sheet order (or as sorted and filtered).',
          tags: ['rows'],
          parameters: [
            keysParameter,
            query('limit', 'Rows per page, 1–1000', { type: 'integer', minimum: 1, maximum: 1000, default: 50 }),
            query('offset', 'Rows to skip', { type: 'integer', minimum: 0, default: 0 }),
            query('after', "The previous page's `nextCursor`: the next page in sheet order, as fast at any depth (not with offset or sort)", { type: 'string' }),
            query('count', '`false` skips counting `total`', { type: 'boolean', default: true }),
            query(
              'filter',
              'Repeatable, all must hold: `<columnId>:<op>[:<value>]`, ops eq, neq, contains, gt, gte, lt, lte, isEmpty, isNotEmpty, in',
              { type: 'array', items: { type: 'string' } },
              filterExample && [filterExample],
            ),
            query('sort', 'Repeatable: `<columnId>:asc|desc`', { type: 'array', items: { type: 'string' } }),
            query('viewId', 'A saved view of the sheet: its filter and sorts apply', { type: 'string', format: 'uuid' }),
          ],
          responses: { '200': { description: 'A page of rows', ...json(ref('RowPage'), { items: [exampleRow], total: 1, nextCursor: null }) }, ...errors(false) },
        },
        post: {
          operationId: 'createRows',
          summary: 'Create rows',
          description: `Adds 1 to ${MAX_ROWS_PER_BATCH} rows, all or none.`,
          tags: ['rows'],
          parameters: [keysParameter],
          requestBody: { required: true, ...json(ref('NewRows'), { rows: [{ values: newValues }] }) },
          responses: { '201': { description: 'The new rows', ...json({ type: 'array', items: ref(SHEET_API_SCHEMAS.row) }, [exampleRow]) }, ...errors(true) },
        },
      },
      [`${base}/rows/{rowId}`]: {
        get: {
          operationId: 'getRow',
          summary: 'Get a row',
          tags: ['rows'],
          parameters: [rowIdParameter, keysParameter],
          responses: { '200': { description: 'The row', ...json(ref(SHEET_API_SCHEMAS.row), exampleRow) }, ...errors(false) },
        },
        patch: {
          operationId: 'updateRow',
          summary: 'Update a row',
          description: 'Changes only the cells named in `values`.',
          tags: ['rows'],
          parameters: [rowIdParameter, keysParameter],
          requestBody: { required: true, ...json(ref('RowChange'), { values: change }) },
          responses: {
            '200': { description: 'The row as changed', ...json(ref(SHEET_API_SCHEMAS.row), exampleRow) },
            ...errors(true),
            '409': errorResponse('expectedVersion is stale; details carry the current row', new DomainError(ErrorCode.Conflict, 'This row was changed by someone else')),
          },
        },
        delete: {
          operationId: 'deleteRow',
          summary: 'Delete a row',
          description: 'Its values stay in the sheet history.',
          tags: ['rows'],
          parameters: [rowIdParameter],
          responses: { '204': { description: 'Deleted' }, ...errors(true) },
        },
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Access JWT or personal API token' } }, schemas },
  };
}

/** What the server answers for a name no column has (the example of a 400). */
function unknownNameError(columns: readonly Column[]): DomainError {
  let name = 'Not a column';
  while (columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) name += '!';
  try {
    new ColumnNames(columns).written([{ [name]: 'x' }], 'values');
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('an unknown column name was accepted');
}
