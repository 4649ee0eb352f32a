import { MAX_COMMENT_LENGTH, type Member } from '@contrivance/contracts';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { insertMention, mentionAt, mentionedIn, suggestMembers } from './mentions';

/**
 * A comment being written: `@` opens a list of the sheet's members (arrows and Enter or Tab pick one, Esc closes it);
 * Ctrl/⌘+Enter sends. Answers the text and the members it still mentions.
 */
export function CommentComposer({
  members,
  initial = '',
  initialMentions = [],
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  members: readonly Member[];
  initial?: string;
  initialMentions?: readonly Member[];
  submitLabel: string;
  busy: boolean;
  onSubmit: (body: string, mentions: string[]) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const [text, setText] = useState(initial);
  const [picked, setPicked] = useState<Member[]>([...initialMentions]);
  const [caret, setCaret] = useState(initial.length);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const mention = mentionAt(text, caret);
  const suggestions = mention && dismissed !== mention.start ? suggestMembers(members, mention.query) : [];
  const open = suggestions.length > 0;

  const pick = (member: Member) => {
    if (!mention) return;
    const next = insertMention(text, mention, member);
    setText(next.text);
    setCaret(next.caret);
    setPicked((all) => (all.some((m) => m.userId === member.userId) ? all : [...all, member]));
    setActive(0);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = async () => {
    const body = text.trim();
    if (!body || busy) return;
    if (await onSubmit(body, mentionedIn(body, picked))) {
      setText('');
      setPicked([]);
      setCaret(0);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (open && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      pick(suggestions[Math.min(active, suggestions.length - 1)]);
    } else if (open && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissed(mention!.start);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && onCancel) {
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="comment-composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="comment-composer__field">
        <textarea
          ref={area}
          className="input"
          rows={3}
          aria-label={submitLabel === 'Save' ? 'Edit comment' : 'Write a comment'}
          placeholder="Write a comment… (@ to mention someone)"
          maxLength={MAX_COMMENT_LENGTH}
          value={text}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {open && (
          <ul id={listId} className="mention-list" role="listbox" aria-label="Mention a member">
            {suggestions.map((m, i) => (
              <li
                key={m.userId}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'mention-list__item mention-list__item--active' : 'mention-list__item'}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                {m.displayName} <span className="muted">{m.email}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="comment-composer__actions">
        <button type="submit" className="button button--small" disabled={busy || !text.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--ghost button--small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
