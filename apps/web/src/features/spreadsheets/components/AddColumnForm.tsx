import { CreateColumnDto, type Column, type ColumnType, type Member, type Row } from '@contrivance/contracts';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useCreateColumn } from '../api/spreadsheets.api';
import { NEW_COLUMN_TYPES, TYPE_LABELS } from './column-types';
import { FormulaEditor } from './formula-editor/FormulaEditor';
import { formulaRefusal, type FormulaProblem } from './formula-editor/formula-check';

/**
 * Adds a typed column; select types take their options as a comma-separated list, formula columns their formula (in
 * the formula editor, which previews it on `previewRow`).
 */
export function AddColumnForm({
  sheetId,
  columns,
  members,
  previewRow,
  onDone,
}: {
  sheetId: string;
  columns: Column[];
  members: Member[];
  previewRow: Row | null;
  onDone: () => void;
}) {
  const form = useDtoForm(CreateColumnDto, { name: '', type: 'text' });
  const [options, setOptions] = useState('');
  const [refusal, setRefusal] = useState<FormulaProblem | null>(null);
  const add = useCreateColumn(sheetId, {
    onSuccess: () => onDone(),
    onError: (error) => {
      form.showError(error);
      setRefusal(formulaRefusal(error));
    },
  });
  const withOptions = form.values.type === 'select' || form.values.type === 'multiSelect';
  const isFormula = form.values.type === 'formula';
  const setType = (type: ColumnType) => {
    form.set('type', type);
    // Only formula columns take a formula: the API refuses one on any other type.
    form.set('formula', type === 'formula' ? (form.values.formula ?? '') : undefined);
    setRefusal(null);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const dto = await form.check();
    if (!dto) return;
    const labels = options
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    add.mutate({
      name: dto.name,
      type: dto.type,
      ...(withOptions ? { options: labels.map((label) => ({ label })) } : {}),
      ...(isFormula ? { formula: dto.formula } : {}),
    });
  };
  return (
    <form className="card form form--inline" onSubmit={onSubmit} noValidate aria-label="Add column">
      <Field label="Column name" value={form.values.name} error={form.fieldErrors.name} onChange={(e) => form.set('name', e.target.value)} autoFocus />
      <div className="field">
        <label className="field__label" htmlFor="column-type">
          Type
        </label>
        <select id="column-type" value={form.values.type} onChange={(e) => setType(e.target.value as ColumnType)}>
          {NEW_COLUMN_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      {withOptions && <Field label="Options" hint="Comma-separated, e.g. Lead, Won, Lost" value={options} onChange={(e) => setOptions(e.target.value)} />}
      {isFormula && (
        <FormulaEditor
          label="Formula"
          value={form.values.formula ?? ''}
          onChange={(formula) => {
            form.set('formula', formula);
            setRefusal(null);
          }}
          columns={columns}
          members={members}
          previewRow={previewRow}
          refusal={refusal ?? (form.fieldErrors.formula ? { message: form.fieldErrors.formula } : null)}
        />
      )}
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
