import { describe, expect, it } from 'vitest';
import { guessType } from './guess-type';

describe('guessing a CSV column’s type', () => {
  it.each([
    [['1200', '350.5', '-7', '1,000,000'], 'number'],
    [['$1,200', '$350', '80'], 'currency'],
    [['€ 1.200,00'.replace(',00', ''), '€5'], 'currency'],
    [['25%', '50%', '75'], 'percent'],
    [['2026-03-01', '2026-12-31', ''], 'date'],
    [['yes', 'no', 'Yes', ''], 'checkbox'],
    [['TRUE', 'false'], 'checkbox'],
    [['a@b.example', 'c.d@e.example'], 'email'],
    [['https://acme.example/deal', 'www.globex.example'], 'url'],
    [['Just some text', 'and more', 'unique values', 'every time'], 'text'],
    [['a'.repeat(300)], 'longText'],
    [['line one\nline two'], 'longText'],
    [['', ' '], 'text'],
  ])('%j → %s', (values, type) => {
    expect(guessType(values).type).toBe(type);
  });

  it('guesses a select for a few values that repeat, keeping their first spelling and order', () => {
    expect(guessType(['Lead', 'Won', 'lead', 'Lost', 'Won', 'Lead'])).toEqual({ type: 'select', options: ['Lead', 'Won', 'Lost'] });
    expect(guessType(['Lead', 'Won', 'Lost']).type).toBe('text'); // too few rows to tell
    expect(guessType(Array.from({ length: 50 }, (_, i) => `Company ${i}`)).type).toBe('text');
  });

  it('guesses a person column when every value names a member by email or by a name no one else has', () => {
    const members = [
      { email: 'sam@example.com', displayName: 'Sam Rep' },
      { email: 'ann@example.com', displayName: 'Ann Lee' },
      { email: 'bob@example.com', displayName: 'Ann Lee' },
    ];
    expect(guessType(['Sam Rep', 'sam rep'], members).type).toBe('user');
    expect(guessType(['sam@example.com', 'ANN@example.com'], members).type).toBe('user');
    expect(guessType(['Ann Lee', 'Sam Rep'], members).type).not.toBe('user');
    expect(guessType(['someone@else.example'], members).type).toBe('email');
  });
});
