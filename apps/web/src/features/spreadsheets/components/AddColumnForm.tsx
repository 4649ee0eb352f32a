import { CreateColumnDto, type ColumnType } from '@contrivance/contracts';
import { useId, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { ApiError } from '../../../lib/api-error';
import { useDtoForm } from '../../../lib/use-dto-form';
import { useCreateColumn } from '../api/spreadsheets.api';
import { NEW_COLUMN_TYPES, TYPE_LABELS } from './column-types';

/** A refused formula's message with where the problem is: the API's 0-based offset, as the messages' own "at 0". */
function formulaProblem(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const detail = error.details.find((d) => d.field === 'formula');
  if (!detail) return null;
  return typeof detail.position === 'number' ? `${detail.message} at character ${detail.position}` : detail.message;
}

/**
 * Adds a typed column; select types take their options as a comma-separated list, formula columns their formula.
 */
export function AddColumnForm({ sheetId, onDone }: { sheetId: string; onDone: () => void }) {
  const form = useDtoForm(CreateColumnDto, { name: '', type: 'text' });
  const [options, setOptions] = useState('');
  const [formulaError, setFormulaError] = useState<string | null>(null);
  const formulaId = useId();
  const add = useCreateColumn(sheetId, {
    onSuccess: () => onDone(),
    onError: (error) => {
      form.showError(error);
      setFormulaError(formulaProblem(error));
    },
  });
  const withOptions = form.values.type === 'select' || form.values.type === 'multiSelect';
  const isFormula = form.values.type === 'formula';
  const setType = (type: ColumnType) => {
    form.set('type', type);
    // Only formula columns take a formula: the API refuses one on any other type.
    form.set('formula', type === 'formula' ? (form.values.formula ?? '') : undefined);
    setFormulaError(null);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormulaError(null);
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
  const shownFormulaError = formulaError ?? form.fieldErrors.formula;
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
        <div className="field field--formula">
          <label className="field__label" htmlFor={formulaId}>
            Formula
          </label>
          <textarea
            id={formulaId}
            className="formula-input"
            rows={2}
            spellCheck={false}
            placeholder="{Value} * {Stage}.probability / 100"
            value={form.values.formula ?? ''}
            aria-invalid={shownFormulaError ? true : undefined}
            aria-describedby={[`${formulaId}-hint`, shownFormulaError ? `${formulaId}-error` : ''].filter(Boolean).join(' ')}
            onChange={(e) => {
              form.set('formula', e.target.value);
              setFormulaError(null);
            }}
          />
          <span id={`${formulaId}-hint`} className="field__hint">
            Fields go in braces, e.g. {'{Value}'}; use + - * / and functions like IF, ROUND, CONCAT.
          </span>
          {shownFormulaError && (
            <span id={`${formulaId}-error`} className="field__error">
              {shownFormulaError}
            </span>
          )}
        </div>
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
