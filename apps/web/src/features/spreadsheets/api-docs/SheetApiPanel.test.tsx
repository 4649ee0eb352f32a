import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { json, mockApi } from '../../../test/api-mock';
import type { SheetApiDocument } from './sheet-api-document';
import { SheetApiPanel } from './SheetApiPanel';

const SHEET = '5a1e0000-0000-4000-8000-000000000001';
const document: SheetApiDocument = {
  openapi: '3.0.3',
  info: { title: 'Deals: rows' },
  paths: {
    [`/api/spreadsheets/${SHEET}/rows`]: {
      post: { operationId: 'createRows', requestBody: { content: { 'application/json': { example: { rows: [{ values: { Deal: 'Deal text' } }] } } } } },
    },
    [`/api/spreadsheets/${SHEET}/rows/{rowId}`]: {
      patch: {
        operationId: 'updateRow',
        parameters: [{ name: 'rowId', in: 'path', example: 'r1' }],
        requestBody: { content: { 'application/json': { example: { values: {} } } } },
      },
    },
  },
  components: { schemas: { RowValues: { properties: { Deal: { type: 'string', 'x-column-id': 'c1', 'x-column-type': 'text' } } }, NewRowValues: { required: ['Deal'] } } },
};

const renderPanel = () =>
  render(
    <QueryClientProvider client={createQueryClient()}>
      <SheetApiPanel sheetId={SHEET} onClose={() => {}} />
    </QueryClientProvider>,
  );

describe('SheetApiPanel', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:sheet-document');
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => vi.restoreAllMocks());

  it('says when the document cannot be loaded, and tries again on request', async () => {
    let calls = 0;
    mockApi({
      [`GET /api/spreadsheets/${SHEET}/openapi.json`]: () =>
        ++calls === 1 ? json(404, { statusCode: 404, error: 'Not Found', message: 'Spreadsheet not found' }) : json(200, document),
    });
    renderPanel();
    const panel = screen.getByRole('dialog', { name: 'Sheet API' });
    expect(within(panel).getByRole('status')).toHaveTextContent("Loading the sheet's API document…");
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not load the API document: Spreadsheet not found');

    await userEvent.click(within(panel).getByRole('button', { name: 'Try again' }));
    expect(await within(panel).findByRole('table', { name: 'Columns' })).toHaveTextContent('Deal (required)');
    expect(within(panel).getByLabelText('Create a row: curl', { selector: 'pre' })).toHaveTextContent(`/api/spreadsheets/${SHEET}/rows?keys=name`);
    expect(within(panel).getByRole('link', { name: 'The full OpenAPI document (JSON)' })).toHaveAttribute('href', 'blob:sheet-document');
  });

  it('copies a snippet and says so; says so too when the clipboard refuses', async () => {
    mockApi({ [`GET /api/spreadsheets/${SHEET}/openapi.json`]: () => json(200, document) });
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    renderPanel();
    const copy = await screen.findByRole('button', { name: 'Copy List rows: curl' });
    await user.click(copy);
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining(`/api/spreadsheets/${SHEET}/rows?keys=name&limit=50`));
    expect(await screen.findByText('Copied to the clipboard')).toBeInTheDocument();
    expect(copy).toHaveTextContent('Copied');

    writeText.mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy List rows: TypeScript (fetch)' }));
    expect(await screen.findByText('Could not copy: select the text and copy it')).toBeInTheDocument();
  });
});
