import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DataTable, type DataColumn } from './DataTable';

interface Person {
  id: string;
  name: string;
  email: string;
}

const people: Person[] = [
  { id: '1', name: 'Ada', email: 'ada@example.com' },
  { id: '2', name: 'Grace', email: 'grace@example.com' },
];
const columns: DataColumn<Person>[] = [
  { key: 'name', header: 'Name', cell: (p) => p.name },
  { key: 'email', header: 'Email', cell: (p) => p.email },
  { key: 'actions', header: <span>Actions</span>, cell: (p) => <button type="button">Remove {p.name}</button> },
];

describe('DataTable', () => {
  it('names the table by its caption and gives each record a row named by its cells', () => {
    render(<DataTable caption="People" rows={people} columns={columns} rowKey={(p) => p.id} />);
    const table = screen.getByRole('table', { name: 'People' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Email', 'Actions']);
    const grace = within(table).getByRole('row', { name: /Grace/ });
    expect(within(grace).getByRole('button', { name: 'Remove Grace' })).toBeInTheDocument();
  });

  it('has no header row when no column has a header', () => {
    render(<DataTable label="Headless" rows={people} columns={columns.map(({ header: _header, ...c }) => c)} rowKey={(p) => p.id} />);
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.queryByRole('columnheader')).not.toBeInTheDocument();
  });

  it('shows the empty state instead of an empty table', () => {
    render(<DataTable label="People" rows={[]} columns={columns} rowKey={(p) => p.id} empty={<p>No one yet.</p>} />);
    expect(screen.getByText('No one yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('labels each cell of a stacking table with its text header, and nothing for the others', () => {
    render(<DataTable label="People" stacking rows={people.slice(0, 1)} columns={columns} rowKey={(p) => p.id} />);
    expect(screen.getAllByRole('cell').map((c) => c.getAttribute('data-label'))).toEqual(['Name', 'Email', '']);
  });

  it('puts a row’s detail in a full-width row under it', () => {
    render(<DataTable label="People" rows={people} columns={columns} rowKey={(p) => p.id} rowDetail={(p) => p.id === '1' && <p>Editing Ada</p>} />);
    const detail = screen.getByText('Editing Ada').closest('td');
    expect(detail).toHaveAttribute('colspan', '3');
    expect(screen.getAllByRole('row').map((r) => r.textContent)).toEqual(['NameEmailActions', 'Adaada@example.comRemove Ada', 'Editing Ada', 'Gracegrace@example.comRemove Grace']);
  });
});
