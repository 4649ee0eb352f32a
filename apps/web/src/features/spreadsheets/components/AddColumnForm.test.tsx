import type { Column, Spreadsheet } from '@contrivance/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { json, mockApi } from '../../../test/api-mock';
import { AddColumnForm } from './AddColumnForm';

const column = (id: string, name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name, type, position: 0, hidden: false, required: false, ...extra });
const sheet = (id: string, name: string, columns: Column[], myRole: Spreadsheet['myRole'] = 'owner'): Spreadsheet => ({
  id,
  name,
  description: '',
  ownerId: 'o',
  myRole,
  rowCount: 0,
  version: 1,
  createdAt: '',
  updatedAt: '',
  columns,
});
const companies = sheet('companies', 'Companies', [column('name', 'Name', 'text'), column('size', 'Size', 'number'), column('sector', 'Sector', 'select')]);

function renderForm(columns: Column[], onDone = vi.fn()) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <AddColumnForm sheetId="deals" columns={columns} members={[]} previewRow={null} onDone={onDone} />
    </QueryClientProvider>,
  );
  return onDone;
}

describe('AddColumnForm: links, lookups and rollups', () => {
  it('links to another sheet this person can edit, and says which column that sheet got', async () => {
    const user = userEvent.setup();
    const created = column('link', 'Account', 'link', { link: { sheetId: 'companies', reverseColumnId: 'back' } });
    const fetch = mockApi({
      'GET /api/spreadsheets': () => json(200, { items: [sheet('deals', 'Deals', []), companies, sheet('read-only', 'Read only', [], 'viewer')], total: 3, limit: 200, offset: 0 }),
      'POST /api/spreadsheets/deals/columns': () => json(201, created),
      'GET /api/spreadsheets/deals': () => json(200, sheet('deals', 'Deals', [created])),
      'GET /api/spreadsheets/companies': () => json(200, { ...companies, columns: [...companies.columns, column('back', 'Deals', 'link')] }),
    });
    const onDone = renderForm([column('deal', 'Deal', 'text')]);
    await user.type(screen.getByLabelText('Column name'), 'Account');
    await user.selectOptions(screen.getByLabelText('Type'), 'link');
    const target = screen.getByLabelText('Sheet to link to');
    await waitFor(() =>
      expect(
        within(target)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Choose a sheet…', 'Companies']),
    );

    await user.click(screen.getByRole('button', { name: 'Add column' }));
    expect(target).toHaveAccessibleDescription(/Choose the sheet to link to/);
    expect(fetch.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.selectOptions(target, 'Companies');
    await user.click(screen.getByRole('button', { name: 'Add column' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Also added “Deals” to Companies, linking back.'));
    const post = fetch.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body!)).toEqual({ name: 'Account', type: 'link', link: { sheetId: 'companies' } });
  });

  it('offers a rollup only the functions its field takes, shows the result type, and puts a refusal under the field it names', async () => {
    const user = userEvent.setup();
    const fetch = mockApi({
      'GET /api/spreadsheets/companies': () => json(200, companies),
      'POST /api/spreadsheets/deals/columns': () =>
        json(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'rollup.fn: avg needs a number field',
          details: [{ field: 'rollup.fn', message: 'avg needs a number field, and "Size" is text' }],
        }),
    });
    const onDone = renderForm([column('deal', 'Deal', 'text'), column('link', 'Account', 'link', { link: { sheetId: 'companies', reverseColumnId: 'back' } })]);
    await user.type(screen.getByLabelText('Column name'), 'Company size');
    await user.selectOptions(screen.getByLabelText('Type'), 'rollup');
    await user.selectOptions(screen.getByLabelText('Through link'), 'Account');
    const field = screen.getByLabelText('Field');
    await waitFor(() => expect(field).toBeEnabled());
    await user.selectOptions(field, 'Sector (Single select)');
    const fn = screen.getByLabelText('Function');
    expect(
      within(fn)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a function…', 'Count of linked rows', 'Count of filled values', 'List of the values']);
    expect(fn).toHaveValue('count');
    expect(screen.getByRole('status')).toHaveTextContent('Result: Number');

    await user.selectOptions(field, 'Size (Number)');
    await user.selectOptions(fn, 'avg');
    expect(screen.getByRole('status')).toHaveTextContent('Result: Number');
    await user.click(screen.getByRole('button', { name: 'Add column' }));
    await waitFor(() => expect(fn).toHaveAccessibleDescription(/avg needs a number field, and "Size" is text/));
    expect(fn).toHaveAttribute('aria-invalid', 'true');
    expect(onDone).not.toHaveBeenCalled();
    // Another pick: the refusal was about the one sent.
    await user.selectOptions(fn, 'sum');
    expect(fn).not.toHaveAttribute('aria-invalid');
    const post = fetch.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body!)).toEqual({ name: 'Company size', type: 'rollup', rollup: { linkColumnId: 'link', columnId: 'size', fn: 'avg' } });
  });

  it('says a lookup needs a link column first when the sheet has none', async () => {
    const user = userEvent.setup();
    mockApi({});
    renderForm([column('deal', 'Deal', 'text')]);
    await user.selectOptions(screen.getByLabelText('Type'), 'lookup');
    expect(screen.getByLabelText('Through link')).toHaveAccessibleDescription(/no link column yet/);
    expect(screen.getByLabelText('Field')).toBeDisabled();
  });
});
