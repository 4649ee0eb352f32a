import type { Column, Spreadsheet } from '@contrivance/contracts';
import { useState, type FormEvent } from 'react';
import { boardCandidates, rememberBoard } from '../pipeline.api';

/**
 * Asked when the sheet does not say which columns make its pipeline: the stages, the money and (optionally) the close
 * date. The choice is remembered for the sheet in this browser.
 */
export function BoardSetup({
  sheet,
  onChosen,
  onCancel,
  onSave,
}: {
  sheet: Spreadsheet;
  onChosen: () => void;
  onCancel?: () => void;
  /** Saves the choice into the board view shown (instead of this browser). */
  onSave?: (choice: { stage: string; value: string; date?: string }) => void;
}) {
  const { stages, values, dates } = boardCandidates(sheet);
  const [stage, setStage] = useState(stages[0]?.id ?? '');
  const [value, setValue] = useState(values.find((c) => c.type === 'currency')?.id ?? values[0]?.id ?? '');
  const [date, setDate] = useState(dates[0]?.id ?? '');
  if (!stages.length || !values.length) {
    return (
      <p className="empty-state muted">
        The board needs a single-select column for the stages{stages.length ? '' : ' (there is none yet)'} and a number or currency column for the deal value
        {values.length ? '' : ' (there is none yet)'}. Add them with “Add column”.
      </p>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const choice = { stage, value, ...(date ? { date } : {}) };
    if (onSave) onSave(choice);
    else rememberBoard(sheet.id, choice);
    onChosen();
  };
  return (
    <form className="card form board-setup" aria-label="Set up the board" onSubmit={submit}>
      <h3>Which columns make the board?</h3>
      <ColumnSelect label="Stages" value={stage} onChange={setStage} columns={stages} />
      <ColumnSelect label="Deal value" value={value} onChange={setValue} columns={values} />
      <ColumnSelect label="Close date" value={date} onChange={setDate} columns={dates} none="None" />
      <div className="form__actions">
        <button type="submit" className="button">
          Show the board
        </button>
        {onCancel && (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** A labelled pick of one column; `none` adds an empty choice. */
function ColumnSelect({ label, value, onChange, columns, none }: { label: string; value: string; onChange: (id: string) => void; columns: Column[]; none?: string }) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {columns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
