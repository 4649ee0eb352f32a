import type { CellValue, Column, Member, Row } from '@contrivance/contracts';
import { useState } from 'react';
import { ApiError } from '../../../lib/api-error';
import { valueText } from '../../../lib/value-text';
import { updateCells } from '../api/spreadsheets.api';
import { cellText } from '../grid/cell-text';

const COMPUTED = new Set(['formula', 'lookup', 'rollup']);
const INPUT_TYPES: Partial<Record<Column['type'], string>> = { number: 'number', currency: 'number', percent: 'number', date: 'date', email: 'email', url: 'url' };

/** What an input shows for a stored value. */
const draftOf = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : valueText(value));

/** One field of the row, with the editor of its type; saved when it changes (text: when the field is left). */
function Field({
  column,
  value,
  members,
  editable,
  onSave,
}: {
  column: Column;
  value: unknown;
  members: readonly Member[];
  editable: boolean;
  onSave: (value: CellValue) => Promise<void>;
}) {
  const [draft, setDraft] = useState(draftOf(value));
  const [shown, setShown] = useState(value);
  // A value changed elsewhere (the grid, someone else) replaces the draft.
  if (shown !== value) {
    setShown(value);
    setDraft(draftOf(value));
  }
  const id = `field-${column.id}`;
  const label = (
    <label className="field__label" htmlFor={id}>
      {column.name}
      {column.required ? ' *' : ''}
    </label>
  );
  const readOnly = !editable || COMPUTED.has(column.type) || column.type === 'link';
  if (readOnly) {
    const text = cellText(column, value, [...members]);
    return (
      <div className="field row-field">
        {label}
        <output id={id} className="row-field__value">
          {text || <span className="muted">(empty)</span>}
        </output>
      </div>
    );
  }
  const save = (next: CellValue) => void onSave(next === '' ? null : next);
  let editor;
  switch (column.type) {
    case 'checkbox':
      editor = <input id={id} type="checkbox" checked={value === true} onChange={(e) => save(e.target.checked)} />;
      break;
    case 'select':
    case 'user': {
      const choices = column.type === 'user' ? members.map((m) => ({ id: m.userId, label: m.displayName })) : (column.options ?? []);
      editor = (
        <select id={id} className="input" value={draftOf(value)} onChange={(e) => save(e.target.value)}>
          <option value="">(empty)</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'multiSelect': {
      const picked = Array.isArray(value) ? (value as string[]) : [];
      editor = (
        <select id={id} className="input" multiple value={picked} onChange={(e) => save([...e.target.selectedOptions].map((o) => o.value))}>
          {(column.options ?? []).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'longText':
      editor = <textarea id={id} className="input" rows={4} value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={() => draft !== draftOf(value) && save(draft)} />;
      break;
    default: {
      const numeric = INPUT_TYPES[column.type] === 'number';
      editor = (
        <input
          id={id}
          className="input"
          type={INPUT_TYPES[column.type] ?? 'text'}
          step={numeric ? 'any' : undefined}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
          onBlur={() => draft !== draftOf(value) && save(numeric && draft !== '' ? Number(draft) : draft)}
        />
      );
    }
  }
  return (
    <div className="field row-field">
      {label}
      {editor}
    </div>
  );
}

/**
 * Every field of a row as a form: typed editors for owners and editors (each change saved through the cells API, as a
 * grid edit is), read-only values for viewers and computed columns.
 */
export function RowFields({
  sheetId,
  row,
  columns,
  members,
  editable,
  onSaved,
}: {
  sheetId: string;
  row: Row;
  columns: readonly Column[];
  members: readonly Member[];
  editable: boolean;
  onSaved: (row: Row) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const save = (column: Column) => async (value: CellValue) => {
    setError(null);
    try {
      onSaved(await updateCells(sheetId, row.id, { [column.id]: value }));
    } catch (e) {
      setError(`${column.name} not saved: ${e instanceof ApiError ? (e.details[0]?.message ?? e.message) : 'the change could not be saved.'}`);
    }
  };
  return (
    <div className="row-fields">
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {columns.map((column) => (
        <Field key={column.id} column={column} value={row.values[column.id] ?? null} members={members} editable={editable} onSave={save(column)} />
      ))}
    </div>
  );
}
