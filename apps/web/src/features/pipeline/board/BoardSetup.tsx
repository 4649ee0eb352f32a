import type { Spreadsheet } from '@contrivance/contracts';
import { useState, type FormEvent } from 'react';
import { boardCandidates, rememberBoard } from '../pipeline.api';

/**
 * Asked when the sheet does not say which columns make its pipeline: the stages, the money and (optionally) the close
 * date. The choice is remembered for the sheet in this browser.
 */
export function BoardSetup({ sheet, onChosen, onCancel }: { sheet: Spreadsheet; onChosen: () => void; onCancel?: () => void }) {
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
    rememberBoard(sheet.id, { stage, value, ...(date ? { date } : {}) });
    onChosen();
  };
  return (
    <form className="card form board-setup" aria-label="Set up the board" onSubmit={submit}>
      <h3>Which columns make the board?</h3>
      <label className="field">
        <span className="field__label">Stages</span>
        <select value={stage} onChange={(e) => setStage(e.target.value)}>
          {stages.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Deal value</span>
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          {values.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Close date</span>
        <select value={date} onChange={(e) => setDate(e.target.value)}>
          <option value="">None</option>
          {dates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
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
