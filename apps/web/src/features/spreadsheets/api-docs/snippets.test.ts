import { describe, expect, it } from 'vitest';
import { documentColumns, type SheetApiDocument } from './sheet-api-document';
import { buildSnippets } from './snippets';

const SHEET = '5a1e0000-0000-4000-8000-000000000001';
const ROW = '70000000-0000-4000-8000-000000000002';
const rowId = { name: 'rowId', in: 'path', example: ROW };

/** The shape of a per-sheet document, trimmed to what the panel reads. */
const document: SheetApiDocument = {
  openapi: '3.0.3',
  info: { title: 'Deals: rows' },
  paths: {
    [`/api/spreadsheets/${SHEET}/rows`]: {
      get: { operationId: 'listRows' },
      post: {
        operationId: 'createRows',
        requestBody: { content: { 'application/json': { example: { rows: [{ values: { Deal: "O'Brien renewal", Stage: 'lead' } }] } } } },
      },
    },
    [`/api/spreadsheets/${SHEET}/rows/{rowId}`]: {
      get: { operationId: 'getRow', parameters: [rowId] },
      patch: { operationId: 'updateRow', parameters: [rowId], requestBody: { content: { 'application/json': { example: { values: { Stage: 'won' } } } } } },
    },
  },
  components: {
    schemas: {
      RowValues: {
        properties: {
          Deal: { type: 'string', 'x-column-id': 'c1', 'x-column-type': 'text' },
          Stage: { type: 'string', enum: ['lead', 'won'], 'x-enum-descriptions': ['Lead', 'Won'], 'x-column-id': 'c2', 'x-column-type': 'select' },
          'Close date': { type: 'string', format: 'date', 'x-column-id': 'c3', 'x-column-type': 'date' },
          Weighted: { readOnly: true, 'x-column-id': 'c4', 'x-column-type': 'formula' },
        },
      },
      NewRowValues: { required: ['Deal'] },
    },
  },
};

const snippet = (action: string, language: string) => buildSnippets(document, 'https://sheets.example.com').find((s) => s.action === action && s.language === language)!.code;
/** Parses a snippet as the body of an async function (without running it): a syntax error throws. */
const parses = (code: string) => new (Object.getPrototypeOf(async () => {}).constructor as FunctionConstructor)('fetch', 'process', code);

describe('buildSnippets', () => {
  it('lists rows with curl and fetch, by name, with the token from the environment', () => {
    expect(snippet('list', 'curl')).toBe(`curl 'https://sheets.example.com/api/spreadsheets/${SHEET}/rows?keys=name&limit=50' \\\n  -H "Authorization: Bearer $CONTRIVANCE_TOKEN"`);
    const ts = snippet('list', 'typescript');
    expect(ts).toContain(`fetch("https://sheets.example.com/api/spreadsheets/${SHEET}/rows?keys=name&limit=50"`);
    expect(ts).toContain('process.env.CONTRIVANCE_TOKEN');
    expect(() => parses(ts)).not.toThrow();
  });

  it("creates a row with the document's example, quoted for the shell", () => {
    const curl = snippet('create', 'curl');
    expect(curl).toContain(`-X POST 'https://sheets.example.com/api/spreadsheets/${SHEET}/rows?keys=name'`);
    expect(curl).toContain(`-d '{"rows":[{"values":{"Deal":"O'\\''Brien renewal","Stage":"lead"}}]}'`);
    const ts = snippet('create', 'typescript');
    expect(ts).toContain("method: 'POST'");
    expect(ts).toContain('"Deal": "O\'Brien renewal"');
    expect(() => parses(ts)).not.toThrow();
  });

  it('updates the example row of the sheet by its real id', () => {
    expect(snippet('update', 'curl')).toContain(`-X PATCH 'https://sheets.example.com/api/spreadsheets/${SHEET}/rows/${ROW}?keys=name'`);
    expect(snippet('update', 'curl')).toContain(`-d '{"values":{"Stage":"won"}}'`);
    expect(() => parses(snippet('update', 'typescript'))).not.toThrow();
  });

  it('gives nothing for a document without the rows paths', () => {
    expect(buildSnippets({ ...document, paths: {} }, 'https://x.example')).toEqual([]);
  });
});

describe('documentColumns', () => {
  it('reads each column’s name, type and allowed values from the value schemas', () => {
    expect(documentColumns(document)).toEqual([
      { name: 'Deal', id: 'c1', type: 'text', values: 'text', required: true, readOnly: false },
      { name: 'Stage', id: 'c2', type: 'select', values: 'one of: Lead, Won', required: false, readOnly: false },
      { name: 'Close date', id: 'c3', type: 'date', values: 'a date, YYYY-MM-DD', required: false, readOnly: false },
      { name: 'Weighted', id: 'c4', type: 'formula', values: 'read-only (computed)', required: false, readOnly: true },
    ]);
  });
});
