import { FORMULA_FUNCTIONS, formulaFieldText, type Column } from '@contrivance/contracts';
import { TYPE_LABELS } from '../column-types';
import { FUNCTION_DOCS } from './function-docs';

/** One entry of the suggestion list: what it shows, and the text that replaces what was typed. */
export type Suggestion = { kind: 'field'; label: string; detail: string; insert: string } | { kind: 'function'; label: string; detail: string; insert: string };

/** What the caret is in the middle of typing: `[from, to)` is replaced by the suggestion picked. */
export interface Completion {
  kind: 'field' | 'function';
  from: number;
  to: number;
  /** What is typed so far (a field name unescaped), matched against names. */
  query: string;
  suggestions: Suggestion[];
}

/** The result of accepting a suggestion: the new text, and where the caret goes. */
export interface Accepted {
  text: string;
  caret: number;
}

type Context = { kind: 'field'; start: number; query: string } | { kind: 'function'; start: number; end: number; query: string } | null;

const WORD = /[A-Za-z0-9_]/;

/**
 * What the caret at `caret` is typing, read as the tokenizer reads (the text may be unfinished, so the tokenizer itself,
 * which throws at an unclosed brace, cannot tell): inside an open `{…` a field name, inside quotes nothing, elsewhere a
 * name made of letters, digits and `_` that does not start with a digit (a function). A name right after `.` is a
 * select field's property (`{Stage}.probability`), not a function.
 */
function contextAt(text: string, caret: number): Context {
  let state: 'code' | 'field' | 'string' = 'code';
  let quote = '';
  let fieldStart = -1;
  for (let i = 0; i < caret; i++) {
    const c = text[i];
    if (state === 'code') {
      if (c === '{') {
        state = 'field';
        fieldStart = i;
      } else if (c === '"' || c === "'") {
        state = 'string';
        quote = c;
      }
    } else if (c === '\\') {
      i += 1;
    } else if ((state === 'field' && c === '}') || (state === 'string' && c === quote)) {
      state = 'code';
    }
  }
  if (state === 'field') return { kind: 'field', start: fieldStart, query: text.slice(fieldStart + 1, caret).replace(/\\(.)/g, '$1') };
  if (state === 'string') return null;
  let start = caret;
  while (start > 0 && WORD.test(text[start - 1])) start -= 1;
  let end = caret;
  while (end < text.length && WORD.test(text[end])) end += 1;
  const query = text.slice(start, caret);
  if (!/^[A-Za-z_]/.test(query) || text[start - 1] === '.') return null;
  return { kind: 'function', start, end, query };
}

/**
 * Where a field name being typed ends: just past its closing `}` when one follows on the same line before another `{`
 * (the name is being corrected), else at the caret (the name is new, and what follows it is not part of it).
 */
function fieldEnd(text: string, caret: number): number {
  for (let i = caret; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === '}') return i + 1;
    else if (c === '{' || c === '\n') break;
  }
  return caret;
}

/** Names containing the query, case-insensitively, those starting with it first; otherwise in their given order. */
function matching<T>(items: readonly T[], name: (item: T) => string, query: string): T[] {
  const q = query.toLowerCase();
  const hits = items.filter((item) => name(item).toLowerCase().includes(q));
  return [...hits.filter((item) => name(item).toLowerCase().startsWith(q)), ...hits.filter((item) => !name(item).toLowerCase().startsWith(q))];
}

/** A function is inserted with its "(" and the caret inside; one without arguments is inserted whole. */
function functionInsert(name: keyof typeof FUNCTION_DOCS): string {
  return FUNCTION_DOCS[name].signature.endsWith('()') ? `${name}()` : `${name}(`;
}

/**
 * The suggestions for the caret at `caret` in `text`: the columns a formula can read whose names contain what is typed
 * in braces, or the functions whose names contain the letters typed outside them. Link, lookup and rollup columns
 * are left out (a formula cannot read them yet); other formula columns are in. Null when there is nothing to suggest.
 */
export function completionAt(text: string, caret: number, columns: readonly Column[]): Completion | null {
  const context = contextAt(text, caret);
  if (!context) return null;
  if (context.kind === 'field') {
    const readable = columns.filter((c) => c.type !== 'link' && c.type !== 'lookup' && c.type !== 'rollup');
    const suggestions = matching(readable, (c) => c.name, context.query).map((c): Suggestion => ({
      kind: 'field',
      label: c.name,
      detail: TYPE_LABELS[c.type],
      insert: formulaFieldText(c.name),
    }));
    return suggestions.length ? { kind: 'field', from: context.start, to: fieldEnd(text, caret), query: context.query, suggestions } : null;
  }
  const suggestions = matching(FORMULA_FUNCTIONS, (f) => f, context.query).map((f): Suggestion => ({
    kind: 'function',
    label: FUNCTION_DOCS[f].signature,
    detail: FUNCTION_DOCS[f].description,
    insert: functionInsert(f),
  }));
  return suggestions.length ? { kind: 'function', from: context.start, to: context.end, query: context.query, suggestions } : null;
}

/**
 * The text with the typed part replaced by the suggestion. A field leaves the caret after its `}`; a function leaves it
 * inside its parentheses, reusing a "(" already written after the name.
 */
export function acceptSuggestion(text: string, completion: Completion, suggestion: Suggestion): Accepted {
  const after = text.slice(completion.to);
  let insert = suggestion.insert;
  let caret = completion.from + insert.length;
  if (suggestion.kind === 'function' && after.startsWith('(')) {
    insert = insert.slice(0, insert.indexOf('('));
    caret = completion.from + insert.length + 1;
  }
  return { text: text.slice(0, completion.from) + insert + after, caret };
}
