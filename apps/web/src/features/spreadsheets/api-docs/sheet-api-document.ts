import { queryOptions } from '@tanstack/react-query';
import { SHEET_API_SCHEMAS, type ColumnType, type SheetApiValueSchema } from '@contrivance/contracts';
import { getSpreadsheetOpenApi } from '../../../lib/sdk';
import { sheetKeys } from '../api/spreadsheets.api';

/** The parts of the per-sheet OpenAPI document (`GET /api/spreadsheets/:id/openapi.json`) the API panel reads. */
export interface SheetApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, SheetApiOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, SheetApiValueSchema>; required?: string[] }> };
}

export interface SheetApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: { 'application/json': { example: unknown } } };
}

export const sheetApiDocumentPath = (sheetId: string) => `/api/spreadsheets/${sheetId}/openapi.json`;

export const sheetApiDocumentQuery = (sheetId: string) =>
  queryOptions({
    queryKey: [...sheetKeys.detail(sheetId), 'openapi'] as const,
    queryFn: async ({ signal }) => {
      // The main document describes this one as any OpenAPI document (openapi, info, paths and more): the panel reads
      // the parts above, which the per-sheet document always has.
      const document: unknown = (await getSpreadsheetOpenApi({ path: { id: sheetId }, signal })).data;
      return document as SheetApiDocument;
    },
  });

/** One column as the document describes it, for people. */
export interface SheetApiColumn {
  name: string;
  id: string;
  type: ColumnType;
  /** What a cell takes, in words: option labels, a date's form, "read-only" for computed columns. */
  values: string;
  required: boolean;
  readOnly: boolean;
}

const VALUES_BY_FORMAT: Record<string, string> = {
  date: 'a date, YYYY-MM-DD',
  email: 'an email address',
  uri: 'a web address',
  uuid: "a member's user id (or their email)",
};

function valuesText(schema: SheetApiValueSchema): string {
  if (schema.readOnly) return 'read-only (computed)';
  const labels = schema['x-enum-descriptions'];
  if (labels) return `${schema.type === 'array' ? 'any of' : 'one of'}: ${labels.join(', ')}`;
  if (schema['x-column-type'] === 'link') return 'ids of rows of the linked sheet';
  if (schema.format && VALUES_BY_FORMAT[schema.format]) return VALUES_BY_FORMAT[schema.format];
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'boolean') return 'true or false';
  return 'text';
}

/** The sheet's columns, in the document's order, from its `RowValues` schema. */
export function documentColumns(document: SheetApiDocument): SheetApiColumn[] {
  const { schemas } = document.components;
  const required = new Set(schemas[SHEET_API_SCHEMAS.newValues]?.required ?? []);
  return Object.entries(schemas[SHEET_API_SCHEMAS.values]?.properties ?? {}).map(([name, schema]) => ({
    name,
    id: schema['x-column-id'],
    type: schema['x-column-type'],
    values: valuesText(schema),
    required: required.has(name),
    readOnly: schema.readOnly === true,
  }));
}
