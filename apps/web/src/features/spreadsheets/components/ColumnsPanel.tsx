import { ErrorCode, type Column, type ColumnType, type Member, type Row } from '@contrivance/contracts';
import { useState } from 'react';
import { DataTable } from '../../../components/DataTable';
import { useDialog } from '../../../components/Dialog';
import { FormMessage } from '../../../components/FormMessage';
import { Panel } from '../../../components/Panel';
import { ApiError } from '../../../lib/api-error';
import { useDeleteColumn, useUpdateColumn } from '../api/spreadsheets.api';
import { MADE_AS_IS, madeAsIsSummary, PICKABLE_TYPES, TYPE_LABELS } from './column-types';
import { formulaRefusal, type FormulaProblem } from './formula-editor/formula-check';
import { FormulaColumnForm } from './FormulaColumnForm';
import { OptionsEditor } from './OptionsEditor';

/** Explains a refused change; a retype that does not fit lists how many rows are in the way. */
function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The change could not be saved.';
  return error.code === ErrorCode.Conflict && error.details.length ? `${error.message} (first: ${error.details[0].message})` : error.message;
}

/**
 * Rename, retype, require, hide, reorder and delete columns, edit select options and formulas (previewed on
 * `previewRow`). Retyping converts values or explains which rows block it.
 */
export function ColumnsPanel({
  sheetId,
  columns,
  members,
  previewRow,
  onFormulaChanged,
  onClose,
}: {
  sheetId: string;
  columns: Column[];
  members: Member[];
  previewRow: Row | null;
  /** A formula was saved: the values shown for its column are out of date. */
  onFormulaChanged: () => void;
  onClose: () => void;
}) {
  const [message, setMessage] = useState<{ error?: string; ok?: string } | null>(null);
  const [editingOptions, setEditingOptions] = useState<string | null>(null);
  const [editingFormula, setEditingFormula] = useState<{ columnId: string; refusal: FormulaProblem | null } | null>(null);
  const { confirm, dialog } = useDialog();
  const update = useUpdateColumn(sheetId, {
    onSuccess: (column, { dto }) => {
      setMessage({ ok: `Saved “${column.name}”.` });
      setEditingOptions(null);
      if (dto.formula !== undefined) {
        setEditingFormula(null);
        onFormulaChanged();
      }
    },
    onError: (error, { dto }) => {
      // A refused formula is explained in its editor, at its place.
      const refusal = dto.formula !== undefined ? formulaRefusal(error) : null;
      if (refusal) setEditingFormula((editing) => editing && { ...editing, refusal });
      setMessage(refusal ? null : { error: explain(error) });
    },
  });
  const remove = useDeleteColumn(sheetId, {
    onSuccess: () => setMessage({ ok: 'Column deleted; its values stay in the history.' }),
    onError: (error) => setMessage({ error: explain(error) }),
  });
  const busy = update.isPending || remove.isPending;

  return (
    <Panel title="Columns" onClose={onClose}>
      {dialog}
      <FormMessage error={message?.error} success={message?.ok} />
      <DataTable
        caption="Columns of this spreadsheet"
        rows={columns}
        rowKey={(column) => column.id}
        rowDetail={(column) =>
          editingOptions === column.id ? (
            <OptionsEditor column={column} busy={busy} onSave={(options) => update.mutate({ columnId: column.id, dto: { options } })} onCancel={() => setEditingOptions(null)} />
          ) : (
            editingFormula?.columnId === column.id && (
              <FormulaColumnForm
                column={column}
                columns={columns}
                members={members}
                previewRow={previewRow}
                busy={busy}
                refusal={editingFormula.refusal}
                onEdit={() => setEditingFormula((editing) => editing && { ...editing, refusal: null })}
                onSave={(formula) => update.mutate({ columnId: column.id, dto: { formula } })}
                onCancel={() => setEditingFormula(null)}
              />
            )
          )
        }
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (column) => (
              <input
                aria-label={`Name of ${column.name}`}
                defaultValue={column.name}
                disabled={busy}
                onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== column.name && update.mutate({ columnId: column.id, dto: { name: e.target.value.trim() } })}
                onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              />
            ),
          },
          {
            key: 'type',
            header: 'Type',
            cell: (column) =>
              MADE_AS_IS.includes(column.type) ? (
                // Formula, link, lookup and rollup columns cannot be retyped (the API refuses it): what they are and read
                // (a formula is changed with "Formula…").
                <div>
                  {madeAsIsSummary(column, columns)}
                  {column.formula !== undefined && <code className="column-formula">{column.formula}</code>}
                </div>
              ) : (
                <select
                  aria-label={`Type of ${column.name}`}
                  value={column.type}
                  disabled={busy}
                  onChange={(e) => update.mutate({ columnId: column.id, dto: { type: e.target.value as ColumnType } })}
                >
                  {PICKABLE_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              ),
          },
          {
            key: 'required',
            header: 'Required',
            cell: (column) => (
              <input
                type="checkbox"
                aria-label={`Require ${column.name}`}
                checked={column.required}
                disabled={busy}
                onChange={(e) => update.mutate({ columnId: column.id, dto: { required: e.target.checked } })}
              />
            ),
          },
          {
            key: 'hidden',
            header: 'Hidden',
            cell: (column) => (
              <input
                type="checkbox"
                aria-label={`Hide ${column.name}`}
                checked={column.hidden}
                disabled={busy}
                onChange={(e) => update.mutate({ columnId: column.id, dto: { hidden: e.target.checked } })}
              />
            ),
          },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            className: 'toolbar',
            cell: (column, index) => (
              <>
                {(column.type === 'select' || column.type === 'multiSelect') && (
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    aria-expanded={editingOptions === column.id}
                    aria-label={`Options of ${column.name}`}
                    onClick={() => setEditingOptions(editingOptions === column.id ? null : column.id)}
                  >
                    Options…
                  </button>
                )}
                {column.type === 'formula' && (
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    aria-expanded={editingFormula?.columnId === column.id}
                    aria-label={`Edit the formula of ${column.name}`}
                    onClick={() => setEditingFormula(editingFormula?.columnId === column.id ? null : { columnId: column.id, refusal: null })}
                  >
                    Formula…
                  </button>
                )}
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Move ${column.name} left`}
                  disabled={busy || index === 0}
                  onClick={() => update.mutate({ columnId: column.id, dto: { position: index - 1 } })}
                >
                  ←
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={`Move ${column.name} right`}
                  disabled={busy || index === columns.length - 1}
                  onClick={() => update.mutate({ columnId: column.id, dto: { position: index + 1 } })}
                >
                  →
                </button>
                <button
                  type="button"
                  className="button button--danger button--small"
                  disabled={busy}
                  onClick={() =>
                    void confirm({
                      title: `Delete the column “${column.name}”?`,
                      message: 'Its values leave the grid; they stay in the row history.',
                      confirmLabel: 'Delete column',
                      danger: true,
                    }).then((yes) => yes && remove.mutate(column.id))
                  }
                >
                  Delete
                </button>
              </>
            ),
          },
        ]}
      />
    </Panel>
  );
}
