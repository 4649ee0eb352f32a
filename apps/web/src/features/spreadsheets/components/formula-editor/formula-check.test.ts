import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../lib/api-error';
import { checkFormulaText, formulaRefusal, problemExcerpt, problemText } from './formula-check';

const column = (id: string, name: string, type: Column['type']): Column => ({ id, name, type, position: 0, hidden: false, required: false });
const columns: Column[] = [
  column('c1', 'Value', 'currency'),
  column('c2', 'Name', 'text'),
  { ...column('c3', 'Double', 'formula'), formula: '{Value} * 2', resultType: 'currency' },
];

describe('checkFormulaText', () => {
  it('answers the checked formula and its result type', () => {
    const check = checkFormulaText('{Value} * 2', columns);
    expect(check.ok && check.formula.resultType).toBe('currency');
    expect(check.ok && check.formula.references).toEqual(['c1']);
  });

  it('answers the first problem and its 0-based position, as the API does', () => {
    expect(checkFormulaText('({Value} * 2', columns)).toEqual({
      ok: false,
      problem: { message: 'Expected ")" to close the "(" at 0 but found the end of the formula', position: 12 },
    });
    expect(checkFormulaText('{Value} * {Nope}', columns)).toEqual({ ok: false, problem: { message: 'Unknown field "Nope"', position: 10 } });
    expect(checkFormulaText('{Value} + {Name}', columns)).toEqual({
      ok: false,
      problem: { message: 'Expected a number as the right side of "+", but this is text', position: 10 },
    });
    expect(checkFormulaText('', columns)).toMatchObject({ ok: false, problem: { position: 0 } });
  });

  it('reads another formula column as its result type, and refuses link, lookup and rollup columns, as the API does', () => {
    expect(checkFormulaText('ROUND(-{Double} + 1)', columns)).toMatchObject({ ok: true, formula: { resultType: 'currency' } });
    expect(checkFormulaText('{Double} & {Name}', columns)).toMatchObject({ ok: true, formula: { resultType: 'text' } });
    const linked = [...columns, column('c9', 'Company', 'link')];
    expect(checkFormulaText('{Name} & {Company}', linked)).toEqual({ ok: false, problem: { message: 'A formula cannot use link, lookup or rollup columns yet', position: 9 } });
  });
});

describe('formulaRefusal', () => {
  it('reads the formula detail of a refusal, with its position when it has one', () => {
    const refused = (details: { field: string; message: string; position?: number }[]) => new ApiError({ statusCode: 400, error: 'Bad Request', message: 'formula: …', details });
    expect(formulaRefusal(refused([{ field: 'formula', message: 'Unknown field "Nope"', position: 10 }]))).toEqual({ message: 'Unknown field "Nope"', position: 10 });
    expect(formulaRefusal(refused([{ field: 'formula', message: 'is required for a formula column' }]))).toEqual({
      message: 'is required for a formula column',
      position: undefined,
    });
    expect(formulaRefusal(refused([{ field: 'name', message: 'already exists in this spreadsheet' }]))).toBeNull();
    expect(formulaRefusal(new Error('offline'))).toBeNull();
  });
});

describe('problemText', () => {
  it('says where, with the contract’s 0-based offset', () => {
    expect(problemText({ message: 'Unknown field "Nope"', position: 10 })).toBe('Unknown field "Nope" at character 10');
    expect(problemText({ message: 'formula must be 1 to 10000 characters' })).toBe('formula must be 1 to 10000 characters');
  });
});

describe('problemExcerpt', () => {
  it('splits the text around the character at the position', () => {
    expect(problemExcerpt('{Value} * {Nope}', 10)).toEqual({ before: '{Value} * ', at: '{', after: 'Nope}', cutBefore: false, cutAfter: false });
  });

  it('marks the end of the text when something is missing there', () => {
    expect(problemExcerpt('({Value} * 2', 12)).toEqual({ before: '({Value} * 2', at: '', after: '', cutBefore: false, cutAfter: false });
  });

  it('keeps to the line of the position and to `width` characters on each side', () => {
    const text = `IF(\n  {Value} > 1000000000,\n  'big' 'x',\n  'small')`;
    const position = text.indexOf("'x'");
    expect(problemExcerpt(text, position)).toEqual({ before: "  'big' ", at: "'", after: "x',", cutBefore: true, cutAfter: true });
    expect(problemExcerpt('a'.repeat(50) + '#' + 'b'.repeat(50), 50, 5)).toEqual({ before: 'aaaaa', at: '#', after: 'bbbbb', cutBefore: true, cutAfter: true });
    expect(problemExcerpt('x\n', 1)).toEqual({ before: 'x', at: '', after: '', cutBefore: false, cutAfter: true });
  });

  it('has nothing to show without a position or one outside the text', () => {
    expect(problemExcerpt('{Value}', undefined)).toBeNull();
    expect(problemExcerpt('{Value}', 8)).toBeNull();
  });
});
