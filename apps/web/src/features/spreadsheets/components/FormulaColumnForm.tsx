import type { Column, Member, Row } from '@contrivance/contracts';
import { useMemo, useState } from 'react';
import { FormulaEditor } from './formula-editor/FormulaEditor';
import type { FormulaProblem } from './formula-editor/formula-check';

/**
 * Changes a formula column's formula (`PATCH { formula }`) with the formula editor. It may name every other column of
 * the sheet; the API's refusal shows in the editor until the formula is edited again.
 */
export function FormulaColumnForm({
  column,
  columns,
  members,
  previewRow,
  busy,
  refusal,
  onEdit,
  onSave,
  onCancel,
}: {
  column: Column;
  columns: Column[];
  members: Member[];
  previewRow: Row | null;
  busy: boolean;
  refusal: FormulaProblem | null;
  /** The formula was changed (an earlier refusal no longer applies). */
  onEdit: () => void;
  onSave: (formula: string) => void;
  onCancel: () => void;
}) {
  const [formula, setFormula] = useState(column.formula ?? '');
  const others = useMemo(() => columns.filter((c) => c.id !== column.id), [columns, column.id]);
  const unchanged = formula === (column.formula ?? '');
  return (
    <form
      className="form formula-column-form"
      aria-label={`Formula of ${column.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (formula.trim() && !unchanged) onSave(formula);
      }}
    >
      <FormulaEditor
        label={`Formula of ${column.name}`}
        value={formula}
        onChange={(next) => {
          setFormula(next);
          onEdit();
        }}
        columns={others}
        members={members}
        previewRow={previewRow}
        refusal={refusal}
        autoFocus
      />
      <div className="toolbar">
        <button type="submit" className="button button--small" disabled={busy || unchanged || !formula.trim()}>
          Save formula
        </button>
        <button type="button" className="button button--ghost button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
