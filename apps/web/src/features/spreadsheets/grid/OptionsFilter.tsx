import type { CustomFilterProps } from 'ag-grid-react';
import { useGridFilter } from 'ag-grid-react';
import { useCallback, useId } from 'react';
import type { Choice } from './OptionsEditor';

/**
 * The filter of a select, multi-select, person or checkbox column, as the rows API runs it: `in` (any of the picked
 * options), `eq` (one person, or checked), `neq` (unchecked, which includes never ticked) or `isEmpty`.
 */
export interface OptionsFilterModel {
  filterType: 'options';
  op: 'in' | 'eq' | 'neq' | 'isEmpty';
  values: string[];
  /** The ids people picked, as the list shows them (for checkboxes, 'true' or 'false'). */
  picked: string[];
}

export interface OptionsFilterParams {
  choices: Choice[];
  /** 'many': several options at once (select, multi-select); 'one': a single choice (person, checkbox). */
  pick: 'many' | 'one';
  kind: 'options' | 'person' | 'checkbox';
}

const EMPTY = '';

/** What the picked entries mean for the rows API (null: no filter). */
export function toOptionsModel(kind: OptionsFilterParams['kind'], picked: string[]): OptionsFilterModel | null {
  if (!picked.length) return null;
  if (picked.includes(EMPTY)) return { filterType: 'options', op: 'isEmpty', values: [], picked: [EMPTY] };
  if (kind === 'checkbox') return { filterType: 'options', op: picked[0] === 'true' ? 'eq' : 'neq', values: ['true'], picked };
  if (kind === 'person') return { filterType: 'options', op: 'eq', values: [picked[0]], picked };
  return { filterType: 'options', op: 'in', values: [...picked].sort(), picked };
}

/**
 * A list to pick from instead of a free-text box: the options in their colours (or people, or Checked/Unchecked), plus
 * "(empty)". Each click applies at once; "Clear" removes the filter. Filtering itself happens on the server.
 */
export function OptionsFilter({ model, onModelChange, choices, pick, kind, colDef }: CustomFilterProps & OptionsFilterParams) {
  const name = useId();
  const current = (model as OptionsFilterModel | null)?.picked ?? [];
  // The rows are filtered by the server; the grid never asks this for a row, but the hook needs an answer.
  useGridFilter({ doesFilterPass: useCallback(() => true, []) });

  const entries: Choice[] =
    kind === 'checkbox'
      ? [
          { id: 'true', label: 'Checked' },
          { id: 'false', label: 'Unchecked' },
        ]
      : [...choices, { id: EMPTY, label: '(empty)' }];
  const toggle = (id: string) => {
    let next: string[];
    if (pick === 'one' || id === EMPTY) next = current.includes(id) ? [] : [id];
    else next = current.includes(id) ? current.filter((c) => c !== id) : [...current.filter((c) => c !== EMPTY), id];
    onModelChange(toOptionsModel(kind, next));
  };

  return (
    <div className="options-filter" role="group" aria-label={`Filter ${colDef.headerName ?? ''}`}>
      <ul>
        {entries.map((choice) => (
          <li key={choice.id}>
            <label>
              <input
                type={pick === 'one' || choice.id === EMPTY ? 'radio' : 'checkbox'}
                name={pick === 'one' ? name : undefined}
                checked={current.includes(choice.id)}
                onChange={() => toggle(choice.id)}
                onClick={(e) => {
                  // A radio that is already picked clears the filter when clicked again.
                  if ((e.target as HTMLInputElement).type === 'radio' && current.includes(choice.id)) toggle(choice.id);
                }}
              />
              {choice.color ? (
                <span className="chip" style={{ background: `${choice.color}33`, borderColor: choice.color }}>
                  {choice.label}
                </span>
              ) : (
                <span>{choice.label}</span>
              )}
            </label>
          </li>
        ))}
      </ul>
      <button type="button" className="button button--ghost button--small" disabled={!current.length} onClick={() => onModelChange(null)}>
        Clear
      </button>
    </div>
  );
}
