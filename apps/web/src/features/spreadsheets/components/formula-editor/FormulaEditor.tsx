import type { Column, Member, Row } from '@contrivance/contracts';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useDebounced } from '../../../../lib/use-debounced';
import { TYPE_LABELS } from '../column-types';
import { acceptSuggestion, completionAt, type Completion, type Suggestion } from './completions';
import { checkFormulaText, problemExcerpt, problemText, type FormulaProblem } from './formula-check';
import { previewFormula, rowLabel } from './preview';

/** The pause after the last key before the formula is checked and previewed again. */
const CHECK_DELAY_MS = 150;

export interface FormulaEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The sheet's columns the formula may name: all of them but the column being edited. */
  columns: readonly Column[];
  members: Member[];
  /** The row the preview is computed for (the focused or selected one, else the first loaded); none, no preview. */
  previewRow: Row | null;
  /** The API's refusal of this formula: shown instead of the check in the browser until the formula changes. */
  refusal?: FormulaProblem | null;
  autoFocus?: boolean;
}

/** The marked place of a problem in its line of the formula (for sight only: the message says where in words). */
function Excerpt({ text, position }: { text: string; position: number | undefined }) {
  const excerpt = problemExcerpt(text, position);
  if (!excerpt) return null;
  return (
    <code className="formula-editor__excerpt" aria-hidden="true">
      {excerpt.cutBefore && '…'}
      {excerpt.before}
      <mark className={excerpt.at ? undefined : 'formula-editor__missing'}>{excerpt.at || '\u00a0'}</mark>
      {excerpt.after}
      {excerpt.cutAfter && '…'}
    </code>
  );
}

function SuggestionList({ id, completion, active, onPick }: { id: string; completion: Completion; active: number; onPick: (suggestion: Suggestion) => void }) {
  const optionId = (index: number) => `${id}-${index}`;
  useEffect(() => {
    // jsdom has no scrollIntoView; browsers keep the highlighted entry in view as the arrows move it.
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  });
  return (
    <ul id={id} className="formula-editor__list" role="listbox" aria-label={completion.kind === 'field' ? 'Fields' : 'Functions'}>
      {completion.suggestions.map((suggestion, index) => (
        <li
          key={suggestion.label}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          className={`formula-editor__option${index === active ? ' formula-editor__option--active' : ''}`}
          // Not a focus change: the caret stays in the formula, where the suggestion goes.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(suggestion)}
        >
          <code>{suggestion.kind === 'field' ? suggestion.insert : suggestion.label}</code>
          <span className="formula-editor__detail">{suggestion.detail}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A formula box that helps while typing: suggests the sheet's fields after `{` and functions for letters typed outside
 * braces, checks the formula with the shared engine after a pause (the problem and where, or the result type), and
 * previews its value for a row of the sheet. The API still judges the formula when it is saved.
 */
export function FormulaEditor({ label, value, onChange, columns, members, previewRow, refusal, autoFocus }: FormulaEditorProps) {
  const id = useId();
  const ids = { hint: `${id}-hint`, problem: `${id}-problem`, list: `${id}-list` };
  const input = useRef<HTMLTextAreaElement>(null);
  // The caret, or null while a range is selected (nothing is being typed then).
  const [caret, setCaret] = useState<number | null>(null);
  // The list shows for the word or field it opened on, and closes when the caret leaves it.
  const [openAt, setOpenAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState({ key: '', index: 0 });
  const placeCaret = useRef<number | null>(null);

  const completion = useMemo(() => (caret === null ? null : completionAt(value, caret, columns)), [value, caret, columns]);
  const listed = completion && completion.from === openAt ? completion : null;
  const listKey = listed ? `${listed.from}:${listed.query}` : '';
  const active = listed && highlight.key === listKey ? Math.min(highlight.index, listed.suggestions.length - 1) : 0;

  const checkedText = useDebounced(value, CHECK_DELAY_MS);
  const check = useMemo(() => (checkedText.trim() ? checkFormulaText(checkedText, columns) : null), [checkedText, columns]);
  const preview = useMemo(() => (check?.ok && previewRow ? previewFormula(check.formula, previewRow, members) : null), [check, previewRow, members]);
  const problem = refusal ?? (check && !check.ok ? check.problem : null);

  // An accepted suggestion puts the caret where it belongs once the new text is in the box.
  useLayoutEffect(() => {
    if (placeCaret.current === null || !input.current) return;
    input.current.setSelectionRange(placeCaret.current, placeCaret.current);
    setCaret(placeCaret.current);
    placeCaret.current = null;
  }, [value]);

  const readCaret = (e: SyntheticEvent<HTMLTextAreaElement>) => {
    const { selectionStart, selectionEnd } = e.currentTarget;
    setCaret(selectionStart === selectionEnd ? selectionStart : null);
  };
  const accept = (suggestion: Suggestion) => {
    if (!listed) return;
    const next = acceptSuggestion(value, listed, suggestion);
    placeCaret.current = next.caret;
    setOpenAt(null);
    onChange(next.text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      setOpenAt(completion?.from ?? null);
      return;
    }
    if (!listed || e.altKey || e.ctrlKey || e.metaKey) return;
    const count = listed.suggestions.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setHighlight({ key: listKey, index: (active + (e.key === 'ArrowDown' ? 1 : count - 1)) % count });
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
      e.preventDefault();
      accept(listed.suggestions[active]);
    } else if (e.key === 'Escape') {
      // Closes the list only (not whatever holds the editor).
      e.preventDefault();
      e.stopPropagation();
      setOpenAt(null);
    }
  };

  const rowName = previewRow ? rowLabel(previewRow, columns, members) : '';
  return (
    <div className="field field--formula formula-editor">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="formula-editor__box">
        <textarea
          ref={input}
          id={id}
          className="formula-input"
          rows={2}
          spellCheck={false}
          autoFocus={autoFocus}
          placeholder="{Value} * {Stage}.probability / 100"
          value={value}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listed !== null}
          aria-controls={listed ? ids.list : undefined}
          aria-activedescendant={listed ? `${ids.list}-${active}` : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[ids.hint, problem ? ids.problem : ''].filter(Boolean).join(' ')}
          onChange={(e) => {
            const { selectionStart, selectionEnd } = e.target;
            const at = selectionStart === selectionEnd ? selectionStart : null;
            setCaret(at);
            setOpenAt(at === null ? null : (completionAt(e.target.value, at, columns)?.from ?? null));
            onChange(e.target.value);
          }}
          onSelect={readCaret}
          onKeyDown={onKeyDown}
          onBlur={() => setOpenAt(null)}
        />
        {listed && <SuggestionList id={ids.list} completion={listed} active={active} onPick={accept} />}
      </div>
      <span id={ids.hint} className="field__hint">
        Fields go in braces, e.g. {'{Value}'}; use + - * / and functions like IF, ROUND, CONCAT. Type {'{'} or a letter for suggestions.
      </span>
      <div className="formula-editor__status" role="status">
        {problem ? (
          <>
            <span id={ids.problem} className="field__error">
              {problemText(problem)}
            </span>
            <Excerpt text={refusal ? value : checkedText} position={problem.position} />
          </>
        ) : (
          check?.ok && <span className="field__hint">Result: {TYPE_LABELS[check.formula.resultType]}</span>
        )}
      </div>
      {!problem && check?.ok && (
        <p className="formula-editor__preview" data-testid="formula-preview">
          {previewRow ? (
            <>
              <span className="muted">Preview for {rowName ? `“${rowName}”` : 'an untitled row'}:</span> {preview?.kind === 'value' && <strong>{preview.text}</strong>}
              {preview?.kind === 'blank' && <span className="muted">(blank)</span>}
              {preview?.kind === 'error' && (
                <>
                  <span className="cell-error">{preview.code}</span> <span className="muted">{preview.meaning}</span>
                </>
              )}
            </>
          ) : (
            <span className="muted">No row to preview on: the preview uses the focused row of the grid, or its first row.</span>
          )}
        </p>
      )}
    </div>
  );
}
