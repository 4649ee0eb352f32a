import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CustomCellEditorProps } from 'ag-grid-react';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { json, requestUrl } from '../../../test/api-mock';
import { LinkEditor } from './LinkEditor';

const name: Column = { id: 'name', name: 'Name', type: 'text', position: 0, hidden: false, required: false };
const companies: Spreadsheet = {
  id: 'companies',
  name: 'Companies',
  description: '',
  ownerId: 'o',
  myRole: 'editor',
  rowCount: 3,
  version: 1,
  createdAt: '',
  updatedAt: '',
  columns: [name],
};
const row = (id: string, label: string): Row => ({ id, position: 0, values: { name: label }, version: 1, createdAt: '', updatedAt: '', updatedBy: null });
const all = [row('acme', 'Acme Robotics'), row('globex', 'Globex'), row('initech', 'Initech')];

/** The rows API as the editor asks it: `contains` on the first column, case-insensitive. */
function serveRows() {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = new URL(requestUrl(input), 'http://localhost');
    if (url.pathname === '/api/spreadsheets/companies') return json(200, companies);
    if (url.pathname !== '/api/spreadsheets/companies/rows') throw new Error(`unexpected request: ${url.pathname}`);
    const text = url.searchParams.get('filter')?.split(':contains:')[1]?.toLowerCase() ?? '';
    return json(200, { items: all.filter((r) => (r.values.name as string).toLowerCase().includes(text)) });
  });
}

function renderEditor(value: unknown, eventKey: string | null = null) {
  const onValueChange = vi.fn();
  const stopEditing = vi.fn();
  const props = { value, onValueChange, stopEditing, eventKey, sheetId: 'companies' } as unknown as CustomCellEditorProps & { sheetId: string };
  render(
    <QueryClientProvider client={createQueryClient()}>
      <LinkEditor {...props} />
    </QueryClientProvider>,
  );
  return {
    onValueChange,
    stopEditing,
    chips: () =>
      within(screen.getByRole('list', { name: 'Linked rows' }))
        .queryAllByText(/./, { selector: '.link-chip__label' })
        .map((c) => c.textContent),
  };
}

describe('LinkEditor', () => {
  it('searches the other sheet, adds with Enter, takes the last out with Backspace, and reports the rows with labels', async () => {
    const user = userEvent.setup();
    const fetch = serveRows();
    const { onValueChange, chips } = renderEditor([{ rowId: 'acme', label: 'Acme Robotics' }]);
    const box = screen.getByRole('combobox');
    await waitFor(() => expect(box).toHaveFocus());
    expect(chips()).toEqual(['Acme Robotics']);
    await user.type(box, 'glo');
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Globex']));
    expect(fetch.mock.calls.map(([input]) => new URL(requestUrl(input), 'http://localhost').searchParams.get('filter'))).toContain('name:contains:glo');
    await user.keyboard('{Enter}');
    expect(chips()).toEqual(['Acme Robotics', 'Globex']);
    expect(box).toHaveValue('');
    expect(onValueChange).toHaveBeenLastCalledWith([
      { rowId: 'acme', label: 'Acme Robotics' },
      { rowId: 'globex', label: 'Globex' },
    ]);
    await user.keyboard('{Backspace}');
    expect(chips()).toEqual(['Acme Robotics']);
    await user.keyboard('{Backspace}');
    expect(onValueChange).toHaveBeenLastCalledWith(null);
    expect(screen.getByText('No linked rows')).toBeInTheDocument();
  });

  it('adds what was typed when Enter comes before its rows, not a row of the earlier list', async () => {
    const user = userEvent.setup();
    serveRows();
    const { chips } = renderEditor(null);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(3));
    await user.type(screen.getByRole('combobox'), 'init{Enter}');
    await waitFor(() => expect(chips()).toEqual(['Initech']));
  });

  it('moves with the arrows, takes a linked row out with Enter, and saves on Ctrl+Enter', async () => {
    const user = userEvent.setup();
    serveRows();
    const { chips, stopEditing } = renderEditor([{ rowId: 'globex', label: 'Globex' }]);
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(3));
    expect(screen.getByRole('option', { name: 'Globex' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(chips()).toEqual([]);
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(stopEditing).toHaveBeenCalledWith();
  });

  it('starts without the last chip when Backspace opened it', async () => {
    serveRows();
    const { onValueChange, chips } = renderEditor(
      [
        { rowId: 'acme', label: 'Acme Robotics' },
        { rowId: 'globex', label: 'Globex' },
      ],
      'Backspace',
    );
    expect(chips()).toEqual(['Acme Robotics']);
    await waitFor(() => expect(onValueChange).toHaveBeenCalledWith([{ rowId: 'acme', label: 'Acme Robotics' }]));
  });
});
