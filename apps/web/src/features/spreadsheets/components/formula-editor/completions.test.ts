import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { acceptSuggestion, completionAt, type Completion } from './completions';

const column = (id: string, name: string, type: Column['type'], position: number): Column => ({ id, name, type, position, hidden: false, required: false });
const columns: Column[] = [
  column('c1', 'Deal', 'text', 0),
  column('c2', 'Value', 'currency', 1),
  column('c3', 'Stage', 'select', 2),
  column('c4', 'Close date', 'date', 3),
  column('c5', 'Weighted', 'formula', 4),
  column('c6', 'a}b', 'text', 5),
  column('c7', 'Deal value', 'number', 6),
  column('c8', 'Account', 'link', 7),
  column('c9', 'Pipeline', 'rollup', 8),
];

/** The completion with the caret where `|` is in `typed` (the bar itself is not part of the text). */
function at(typed: string): { text: string; completion: Completion | null } {
  const caret = typed.indexOf('|');
  const text = typed.replace('|', '');
  return { text, completion: completionAt(text, caret, columns) };
}

const labels = (completion: Completion | null) => completion?.suggestions.map((s) => s.label);

describe('completionAt', () => {
  it('lists every column a formula can read after an opening brace, formulas included, links, lookups and rollups left out', () => {
    const { completion } = at('{|');
    expect(completion).toMatchObject({ kind: 'field', from: 0, to: 1, query: '' });
    expect(labels(completion)).toEqual(['Deal', 'Value', 'Stage', 'Close date', 'Weighted', 'a}b', 'Deal value']);
    expect(completion!.suggestions[1]).toEqual({ kind: 'field', label: 'Value', detail: 'Currency', insert: '{Value}' });
  });

  it('filters columns by what is typed in the braces, case-insensitively, names starting with it first', () => {
    expect(labels(at('{Val|').completion)).toEqual(['Value', 'Deal value']);
    expect(labels(at('{va|').completion)).toEqual(['Value', 'Deal value']);
    expect(labels(at('{Value} * {de|').completion)).toEqual(['Deal', 'Deal value']);
    expect(at('{Zzz|').completion).toBeNull();
  });

  it('reads escapes in a name being typed, and writes names that need them escaped', () => {
    const { completion } = at('{a\\}|');
    expect(completion?.query).toBe('a}');
    expect(completion?.suggestions).toEqual([{ kind: 'field', label: 'a}b', detail: 'Text', insert: '{a\\}b}' }]);
  });

  it('lists functions for letters typed outside braces, with their signature and what they do', () => {
    const { completion } = at('ro|');
    expect(completion).toMatchObject({ kind: 'function', from: 0, to: 2, query: 'ro' });
    expect(labels(completion)).toEqual(['ROUND(number, [places])', 'ROUNDUP(number, [places])', 'ROUNDDOWN(number, [places])']);
    expect(completion!.suggestions[0]).toMatchObject({ kind: 'function', detail: 'rounded to the places (0 by default), halves up', insert: 'ROUND(' });
    // Names containing the letters come after those starting with them.
    expect(labels(at('{Value} + diff|').completion)).toEqual(["DATETIME_DIFF(a, b, ['unit'])"]);
    expect(labels(at('da|').completion)?.slice(0, 4)).toEqual(['DAY(date)', "DATEADD(date, count, 'unit')", "DATETIME_DIFF(a, b, ['unit'])", "DATETIME_FORMAT(date, ['pattern'])"]);
  });

  it('suggests nothing inside text, for numbers, for a select field’s property, or between words', () => {
    expect(at("'ro|").completion).toBeNull();
    expect(at('"a \\" ro|').completion).toBeNull();
    expect(at('2e|').completion).toBeNull();
    expect(at('{Stage}.pro|').completion).toBeNull();
    expect(at('ROUND(|').completion).toBeNull();
    expect(at('{Value} |').completion).toBeNull();
    expect(at('{Value}|').completion).toBeNull();
  });

  it('knows a closed field or text ends where the tokenizer ends it', () => {
    expect(at("'{' & ro|").completion?.kind).toBe('function');
    expect(at('{a\\}b} & ro|').completion?.kind).toBe('function');
    expect(at("'it\\'s' & {Va|").completion?.kind).toBe('field');
  });

  it('covers the whole word or the closed field around the caret', () => {
    expect(at('ro|und({Value})').completion).toMatchObject({ from: 0, to: 5 });
    expect(at('{Va|lue} * 2').completion).toMatchObject({ from: 0, to: 7 });
    // An unclosed brace typed in front of other fields covers only up to the caret.
    expect(at('{Va| * {Deal}').completion).toMatchObject({ from: 0, to: 3 });
    expect(at('{Va|\n}').completion).toMatchObject({ from: 0, to: 3 });
  });
});

describe('acceptSuggestion', () => {
  const accept = (typed: string, index = 0) => {
    const { text, completion } = at(typed);
    return acceptSuggestion(text, completion!, completion!.suggestions[index]);
  };

  it('writes the field in braces and leaves the caret after it', () => {
    expect(accept('{Val|')).toEqual({ text: '{Value}', caret: 7 });
    expect(accept('{Val| * 2')).toEqual({ text: '{Value} * 2', caret: 7 });
    expect(accept('{Va|l} * 2', 1)).toEqual({ text: '{Deal value} * 2', caret: 12 });
    expect(accept('1 + {dea|')).toEqual({ text: '1 + {Deal}', caret: 10 });
  });

  it('writes a function with its "(" and the caret inside, reusing a "(" already there', () => {
    expect(accept('ro|')).toEqual({ text: 'ROUND(', caret: 6 });
    expect(accept('{Value} * ro|')).toEqual({ text: '{Value} * ROUND(', caret: 16 });
    expect(accept('rou|nd({Value})')).toEqual({ text: 'ROUND({Value})', caret: 6 });
  });

  it('writes a function without arguments whole', () => {
    expect(accept('tod|')).toEqual({ text: 'TODAY()', caret: 7 });
  });
});
