import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

interface Ask {
  title: string;
  message?: ReactNode;
  /** The button that goes ahead ("Delete", "Rename"). */
  confirmLabel: string;
  danger?: boolean;
  /** Asks for a line of text too (a new name): its label, starting value and longest length. */
  input?: { label: string; initial: string; maxLength: number };
}

interface Open extends Ask {
  answer: (value: string | null) => void;
}

/**
 * The app's own modal questions, in place of the browser's `confirm` and `prompt` (unstyled, blocking, and unreadable
 * to assistive tech in some browsers). `confirm` answers whether to go ahead; `prompt` the trimmed text, or null when
 * cancelled. Render `dialog` once in the component that asks.
 */
export function useDialog(): {
  confirm: (ask: Omit<Ask, 'input'>) => Promise<boolean>;
  prompt: (ask: Ask & { input: NonNullable<Ask['input']> }) => Promise<string | null>;
  dialog: ReactNode;
} {
  const [open, setOpen] = useState<Open | null>(null);
  const ask = useCallback(
    (question: Ask) =>
      new Promise<string | null>((resolve) =>
        setOpen({
          ...question,
          answer: (value) => {
            setOpen(null);
            resolve(value);
          },
        }),
      ),
    [],
  );
  const confirm = useCallback((question: Omit<Ask, 'input'>) => ask(question).then((value) => value !== null), [ask]);
  const prompt = useCallback((question: Ask) => ask(question), [ask]);
  return { confirm, prompt, dialog: open ? <Question key={open.title} {...open} /> : null };
}

function Question({ title, message, confirmLabel, danger, input, answer }: Open) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [text, setText] = useState(input?.initial ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!input) return answer('');
    const value = text.trim();
    if (!value) return setProblem(`${input.label} cannot be empty.`);
    if (value.length > input.maxLength) return setProblem(`${input.label} must be at most ${input.maxLength} characters.`);
    answer(value);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        answer(null);
      }}
    >
      <form method="dialog" onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        {message && <p>{message}</p>}
        {input && (
          <label className="field">
            <span className="field__label">{input.label}</span>
            <input
              value={text}
              autoFocus
              aria-invalid={problem ? true : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setProblem(null);
              }}
            />
            {problem && (
              <span className="field__error" role="alert">
                {problem}
              </span>
            )}
          </label>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={() => answer(null)}>
            Cancel
          </button>
          <button type="submit" className={`button${danger ? ' button--danger' : ''}`} autoFocus={!input}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
