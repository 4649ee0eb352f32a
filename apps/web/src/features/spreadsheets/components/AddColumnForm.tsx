import { CreateColumnDto, type Column, type ColumnType, type Member, type Row } from '@contrivance/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormMessage } from '../../../components/FormMessage';
import { useDtoForm } from '../../../lib/use-dto-form';
import { sheetQuery, useCreateColumn } from '../api/spreadsheets.api';
import { NEW_COLUMN_TYPES, TYPE_LABELS } from './column-types';
import { FormulaEditor } from './formula-editor/FormulaEditor';
import { formulaRefusal, type FormulaProblem } from './formula-editor/formula-check';
import { LinkedColumnFields } from './LinkedColumnFields';
import { linkedSettings, missingPick, NO_PICKS, reverseNotice, type LinkedPicks } from './linked-columns';

/**
 * Adds a typed column; select types take their options as a comma-separated list, formula columns their formula (in
 * the formula editor, which previews it on `previewRow`), link columns the sheet they link to, lookups and rollups
 * what they read through a link. `onDone` gets a note worth showing afterwards (a link's reverse column).
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
  onDone: (notice?: string) => void;
}) {
  const queryClient = useQueryClient();
  const form = useDtoForm(CreateColumnDto, { name: '', type: 'text' });
  const [options, setOptions] = useState('');
  const [refusal, setRefusal] = useState<FormulaProblem | null>(null);
  const [picks, setPicks] = useState<LinkedPicks>(NO_PICKS);
  const [missing, setMissing] = useState<{ field: string; message: string } | null>(null);
  // The picks last sent: the API's refusal of a pick shows until the picks change.
  const [sent, setSent] = useState<LinkedPicks | null>(null);
  const add = useCreateColumn(sheetId, {
    onSuccess: async (column) => {
      if (column.type !== 'link' || !column.link) return onDone();
      // The other sheet has a new column too: its cached copy is out of date, and its name goes in the note.
      await queryClient.invalidateQueries({ queryKey: sheetQuery(column.link.sheetId).queryKey });
      const other = await queryClient.fetchQuery(sheetQuery(column.link.sheetId)).catch(() => undefined);
      onDone(reverseNotice(column, other) ?? undefined);
    },
    onError: (error) => {
      form.showError(error);
      setRefusal(formulaRefusal(error));
    },
  });
  const linkedType = form.values.type === 'link' || form.values.type === 'lookup' || form.values.type === 'rollup' ? form.values.type : null;
  const errorOf = (field: string) => (missing?.field === field ? missing.message : sent === picks ? (form.fieldErrors as Record<string, string | undefined>)[field] : undefined);
  const withOptions = form.values.type === 'select' || form.values.type === 'multiSelect';
  const isFormula = form.values.type === 'formula';
  const setType = (type: ColumnType) => {
    form.set('type', type);
    // Only formula columns take a formula: the API refuses one on any other type.
    form.set('formula', type === 'formula' ? (form.values.formula ?? '') : undefined);
    setRefusal(null);
    setMissing(null);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const dto = await form.check();
    const unpicked = missingPick(form.values.type, picks);
    setMissing(unpicked);
    if (!dto || unpicked) return;
    setSent(picks);
    const labels = options
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    add.mutate({
      name: dto.name,
      type: dto.type,
      ...(withOptions ? { options: labels.map((label) => ({ label })) } : {}),
      ...(isFormula ? { formula: dto.formula } : {}),
      ...linkedSettings(dto.type, picks),
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
      {linkedType && (
        <LinkedColumnFields
          sheetId={sheetId}
          type={linkedType}
          columns={columns}
          picks={picks}
          onChange={(next) => {
            setPicks(next);
            setMissing(null);
          }}
          errorOf={errorOf}
        />
      )}
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
        <button type="button" className="button button--ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
