import { CreateColumnDto, type ColumnType } from '@contrivance/contracts';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useCreateColumn } from '../api/spreadsheets.api';
import { PICKABLE_TYPES, TYPE_LABELS } from './column-types';

/** Adds a typed column; select types take their options as a comma-separated list. */
export function AddColumnForm({ sheetId, onDone }: { sheetId: string; onDone: () => void }) {
  const form = useDtoForm(CreateColumnDto, { name: '', type: 'text' });
  const [options, setOptions] = useState('');
  const add = useCreateColumn(sheetId, { onSuccess: () => onDone(), onError: form.showError });
  const withOptions = form.values.type === 'select' || form.values.type === 'multiSelect';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const dto = await form.check();
    if (!dto) return;
    const labels = options
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    add.mutate({ name: dto.name, type: dto.type, ...(withOptions ? { options: labels.map((label) => ({ label })) } : {}) });
  };
  return (
    <form className="card form form--inline" onSubmit={onSubmit} noValidate aria-label="Add column">
      <Field label="Column name" value={form.values.name} error={form.fieldErrors.name} onChange={(e) => form.set('name', e.target.value)} autoFocus />
      <div className="field">
        <label className="field__label" htmlFor="column-type">
          Type
        </label>
        <select id="column-type" value={form.values.type} onChange={(e) => form.set('type', e.target.value as ColumnType)}>
          {PICKABLE_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      {withOptions && <Field label="Options" hint="Comma-separated, e.g. Lead, Won, Lost" value={options} onChange={(e) => setOptions(e.target.value)} />}
      <FormMessage error={form.formError} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add column'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
