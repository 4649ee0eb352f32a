import { CreateSpreadsheetDto, type Spreadsheet, type Template } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDtoForm } from '../../../lib/use-dto-form';
import { sheetListQuery, useCreateSheet, useDeleteSheet, useRenameSheet } from '../api/spreadsheets.api';

/** The signed-in home: my spreadsheets with search, create (blank or from the template), rename and delete. */
export function SpreadsheetList() {
  const [search, setSearch] = useState('');
  const { data, isPending, error } = useQuery(sheetListQuery(search.trim()));
  return (
    <div className="stack">
      <CreateSheetForm />
      <label className="field field--inline">
        <span className="field__label">Search</span>
        <input type="search" placeholder="Spreadsheet name" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {isPending ? (
        <Spinner label="Loading spreadsheets…" />
      ) : error ? (
        <FormMessage error={error.message} />
      ) : data.items.length === 0 ? (
        <p className="empty-state muted">
          {search ? `No spreadsheet matches “${search}”.` : 'No spreadsheets yet. Create one above — the sales pipeline template comes with sample deals.'}
        </p>
      ) : (
        <ul className="sheet-list" aria-label="Spreadsheets">
          {data.items.map((sheet) => (
            <SheetItem key={sheet.id} sheet={sheet} />
          ))}
        </ul>
      )}
    </div>
  );
}

function CreateSheetForm() {
  const navigate = useNavigate();
  const form = useDtoForm(CreateSpreadsheetDto, { name: '', template: 'sales-pipeline' });
  const create = useCreateSheet({ onSuccess: (sheet) => navigate(`/sheets/${sheet.id}`), onError: form.showError });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (dto) create.mutate({ name: dto.name, template: dto.template });
  };
  return (
    <form className="card form form--inline" onSubmit={onSubmit} noValidate aria-label="Create a spreadsheet">
      <Field label="Name" placeholder="e.g. Q3 pipeline" value={form.values.name} error={form.fieldErrors.name} onChange={(e) => form.set('name', e.target.value)} />
      <div className="field">
        <label className="field__label" htmlFor="sheet-template">
          Start from
        </label>
        <select id="sheet-template" value={form.values.template} onChange={(e) => form.set('template', e.target.value as Template)}>
          <option value="sales-pipeline">Sales pipeline (with sample deals)</option>
          <option value="blank">Blank</option>
        </select>
      </div>
      <FormMessage error={form.formError} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create'}
        </button>
      </div>
    </form>
  );
}

function SheetItem({ sheet }: { sheet: Spreadsheet }) {
  const rename = useRenameSheet(sheet.id);
  const remove = useDeleteSheet(sheet.id);
  const { confirm, prompt, dialog } = useDialog();
  const onRename = () =>
    void prompt({ title: 'Rename the spreadsheet', confirmLabel: 'Rename', input: { label: 'Name', initial: sheet.name, maxLength: 200 } }).then(
      (name) => name && name !== sheet.name && rename.mutate(name),
    );
  const onDelete = () =>
    void confirm({
      title: `Delete “${sheet.name}”?`,
      message: `Its ${formatCount(sheet.rowCount, 'row')} and their history go with it. This cannot be undone.`,
      confirmLabel: 'Delete spreadsheet',
      danger: true,
    }).then((yes) => yes && remove.mutate());
  const problem = rename.error ?? remove.error;
  return (
    <li className="sheet-item card">
      {dialog}
      <div>
        <Link to={`/sheets/${sheet.id}`} className="sheet-item__name">
          {sheet.name}
        </Link>
        <p className="muted sheet-item__meta">
          {formatCount(sheet.rowCount, 'row')} · {formatCount(sheet.columns.length, 'column')} · {sheet.myRole} · changed {formatDateTime(sheet.updatedAt)}
        </p>
        <FormMessage error={problem?.message} />
      </div>
      <div className="sheet-item__actions">
        {sheet.myRole !== 'viewer' && (
          <button type="button" className="button button--ghost button--small" onClick={onRename}>
            Rename
          </button>
        )}
        {sheet.myRole === 'owner' && (
          <button type="button" className="button button--danger button--small" onClick={onDelete} disabled={remove.isPending}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
