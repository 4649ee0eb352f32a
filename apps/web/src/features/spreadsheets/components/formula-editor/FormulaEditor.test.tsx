import type { Column, Row } from '@contrivance/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { FormulaEditor } from './FormulaEditor';
import type { FormulaProblem } from './formula-check';

const column = (id: string, name: string, type: Column['type'], position: number): Column => ({ id, name, type, position, hidden: false, required: false });
const columns: Column[] = [column('deal', 'Deal', 'text', 0), column('value', 'Value', 'currency', 1), column('dv', 'Deal value', 'number', 2)];
const row: Row = { id: 'r1', position: 0, values: { deal: 'Acme', value: 10, dv: 0 }, version: 1, createdAt: '', updatedAt: '', updatedBy: null };
const currency = (n: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(n);

function Editor({ initial = '', refusal = null, previewRow = row }: { initial?: string; refusal?: FormulaProblem | null; previewRow?: Row | null }) {
  const [value, setValue] = useState(initial);
  return <FormulaEditor label="Formula" value={value} onChange={setValue} columns={columns} members={[]} previewRow={previewRow} refusal={refusal} />;
}

describe('FormulaEditor', () => {
  it('lists matching fields as a listbox the box points into, moves with the arrows and inserts with Enter', async () => {
    const user = userEvent.setup();
    render(<Editor />);
    const box = screen.getByRole('combobox', { name: 'Formula' });
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.type(box, '{{va');
    const list = screen.getByRole('listbox', { name: 'Fields' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['{Value}Currency', '{Deal value}Number']);
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(box).toHaveAttribute('aria-controls', list.id);
    expect(box).toHaveAttribute('aria-activedescendant', options[0].id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[1].id);
    await user.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[0].id);
    await user.keyboard('{ArrowUp}{Enter}');
    expect(box).toHaveValue('{Deal value}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).not.toHaveAttribute('aria-activedescendant');
    // The caret is after the field: typing goes on from there.
    await user.keyboard(' + 1');
    expect(box).toHaveValue('{Deal value} + 1');
  });

  it('inserts a function picked with the mouse, with the caret inside its parentheses', async () => {
    const user = userEvent.setup();
    render(<Editor />);
    const box = screen.getByRole('combobox', { name: 'Formula' });
    await user.type(box, 'ro');
    await user.click(within(screen.getByRole('listbox', { name: 'Functions' })).getByRole('option', { name: /^ROUNDUP\(number, \[places\]\) rounded away/ }));
    expect(box).toHaveValue('ROUNDUP(');
    expect(box).toHaveFocus();
    await user.keyboard('{{Value}, 1)');
    expect(box).toHaveValue('ROUNDUP({Value}, 1)');
  });

  it('closes the list with Escape, leaving the text, and opens it again when typing goes on', async () => {
    const user = userEvent.setup();
    render(<Editor />);
    const box = screen.getByRole('combobox', { name: 'Formula' });
    await user.type(box, '{{De');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(box).toHaveValue('{De');
    // Enter is a line break again while the list is closed.
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('{De\n');
    await user.keyboard('{Backspace}');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(2);
  });

  it('says what is wrong and where after a pause, then the result type and the value for the row once it is right', async () => {
    const user = userEvent.setup();
    render(<Editor />);
    const box = screen.getByRole('combobox', { name: 'Formula' });
    await user.type(box, '({{Value} * 2');
    expect(await screen.findByText('Expected ")" to close the "(" at 0 but found the end of the formula at character 12')).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription(/Fields go in braces.*at character 12$/);
    expect(screen.queryByTestId('formula-preview')).not.toBeInTheDocument();
    await user.type(box, ')');
    expect(await screen.findByText('Result: Currency')).toBeInTheDocument();
    expect(box).not.toHaveAttribute('aria-invalid');
    expect(screen.getByTestId('formula-preview')).toHaveTextContent(`Preview for “Acme”: ${currency(20)}`);
  });

  it('shows an error code and its meaning in the preview', async () => {
    render(<Editor initial="{Value} / {Deal value}" />);
    expect(await screen.findByTestId('formula-preview')).toHaveTextContent('Preview for “Acme”: #DIV/0! Division by zero (or by an empty cell)');
  });

  it('says when there is no row to preview on', async () => {
    render(<Editor initial="{Value} * 2" previewRow={null} />);
    expect(await screen.findByTestId('formula-preview')).toHaveTextContent('No row to preview on: the preview uses the focused row of the grid, or its first row.');
  });

  it('shows the API’s refusal instead of its own check', async () => {
    render(<Editor initial="{Value} * 2" refusal={{ message: 'This formula would use its own value ({Total} → {Total})', position: 0 }} />);
    const box = screen.getByRole('combobox', { name: 'Formula' });
    expect(screen.getByText('This formula would use its own value ({Total} → {Total}) at character 0')).toBeInTheDocument();
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('formula-preview')).not.toBeInTheDocument();
  });
});
