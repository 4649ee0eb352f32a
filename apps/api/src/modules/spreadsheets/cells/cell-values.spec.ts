import type { ColumnRules } from './cell-values';
import { cellText, convertCell, normaliseCell } from './cell-values';

const col = (type: ColumnRules['type'], extra: Partial<ColumnRules> = {}): ColumnRules => ({ type, required: false, ...extra });
const stage = col('select', {
  options: [
    { id: 'lead', label: 'Lead', probability: 10 },
    { id: 'won', label: 'Won', probability: 100 },
  ],
});
const tags = col('multiSelect', {
  options: [
    { id: 'a', label: 'Alpha' },
    { id: 'b', label: 'Beta' },
  ],
});

const value = (column: ColumnRules, raw: unknown) => {
  const result = normaliseCell(column, raw);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.value;
};
const refusal = (column: ColumnRules, raw: unknown) => {
  const result = normaliseCell(column, raw);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(raw)} as ${JSON.stringify(result.value)}`);
  return result.message;
};

describe('normaliseCell', () => {
  it.each(['text', 'longText', 'number', 'currency', 'percent', 'date', 'checkbox', 'select', 'multiSelect', 'email', 'url', 'user'] as const)(
    'clears an empty %s cell, and refuses it when required',
    (type) => {
      for (const empty of [null, undefined, '', '   ', []]) expect(value(col(type), empty)).toBeNull();
      expect(refusal(col(type, { required: true }), '')).toBe('is required');
    },
  );

  it('keeps text as text, numbers turned into their digits, and refuses objects and overlong text', () => {
    expect(value(col('text'), 'Acme Corp')).toBe('Acme Corp');
    expect(value(col('text'), 42)).toBe('42');
    expect(refusal(col('text'), { a: 1 })).toBe('must be text');
    expect(refusal(col('text'), 'x'.repeat(10_001))).toBe('must be at most 10000 characters');
    expect(value(col('longText'), 'x'.repeat(10_001))).toHaveLength(10_001);
  });

  it('reads numbers as people type them', () => {
    expect(value(col('number'), 12.5)).toBe(12.5);
    expect(value(col('currency'), '$1,234.50')).toBe(1234.5);
    expect(value(col('currency'), '(300)')).toBe(-300);
    expect(value(col('percent'), '45%')).toBe(45);
    expect(value(col('number'), '-1e3')).toBe(-1000);
    for (const bad of ['abc', '1.2.3', '12abc', Infinity, NaN, true, '']) {
      if (bad !== '') expect(refusal(col('number'), bad)).toBe('must be a number');
    }
  });

  it('stores dates as YYYY-MM-DD and refuses impossible ones', () => {
    expect(value(col('date'), '2026-03-01')).toBe('2026-03-01');
    expect(value(col('date'), '2026/03/01')).toBe('2026-03-01');
    expect(value(col('date'), '2026-03-01T15:00:00Z')).toBe('2026-03-01');
    for (const bad of ['2026-02-30', '03/01/2026', 'tomorrow', 20260301]) expect(refusal(col('date'), bad)).toBe('must be a date as YYYY-MM-DD');
  });

  it('reads checkboxes from booleans and common words', () => {
    expect(value(col('checkbox'), true)).toBe(true);
    expect(value(col('checkbox'), 'Yes')).toBe(true);
    expect(value(col('checkbox'), '0')).toBe(false);
    expect(refusal(col('checkbox'), 'maybe')).toBe('must be true or false');
  });

  it('accepts select options by id or label and refuses others', () => {
    expect(value(stage, 'won')).toBe('won');
    expect(value(stage, ' lead ')).toBe('lead');
    expect(value(stage, 'LEAD')).toBe('lead');
    expect(refusal(stage, 'Closed')).toMatch(/is not an option/);
    expect(refusal(stage, 3)).toBe('must be an option id');
  });

  it('accepts multiSelect as a list or a comma-separated string, without duplicates', () => {
    expect(value(tags, ['a', 'Beta', 'a'])).toEqual(['a', 'b']);
    expect(value(tags, 'alpha; beta')).toEqual(['a', 'b']);
    expect(refusal(tags, ['a', 'Gamma'])).toMatch(/is not an option/);
    expect(refusal(tags, [1])).toBe('must be a list of option ids');
  });

  it('checks emails and web addresses', () => {
    expect(value(col('email'), ' ada@example.com ')).toBe('ada@example.com');
    for (const bad of ['x@', 'ada@', '@example.com', 'ada example.com']) expect(refusal(col('email'), bad)).toBe('must be an email address');
    expect(value(col('url'), 'https://acme.example/deals?id=1')).toBe('https://acme.example/deals?id=1');
    expect(value(col('url'), 'acme.example')).toBe('https://acme.example');
    for (const bad of ['javascript:alert(1)', 'ftp://files.example', 'not a url', 'http://nodot']) {
      expect(refusal(col('url'), bad)).toMatch(/must be a web address/);
    }
  });

  it('takes user ids in canonical form (membership is checked by the caller)', () => {
    expect(value(col('user'), '0B6F3C3E-6A53-4D7C-9B1E-6F0A2F1F3A11')).toBe('0b6f3c3e-6a53-4d7c-9b1e-6f0a2f1f3a11');
    expect(refusal(col('user'), 'ada')).toBe('must be the id of a member');
  });
});

describe('cellText and convertCell', () => {
  it('shows option labels, joined lists and booleans', () => {
    expect(cellText(stage, 'won')).toBe('Won');
    expect(cellText(tags, ['a', 'b'])).toBe('Alpha, Beta');
    expect(cellText(col('checkbox'), false)).toBe('false');
    expect(cellText(col('number'), null)).toBe('');
  });

  it('converts through the text people see', () => {
    expect(convertCell(col('text'), col('number'), '1,200')).toEqual({ ok: true, value: 1200 });
    expect(convertCell(col('number'), col('text'), 1200)).toEqual({ ok: true, value: '1200' });
    expect(convertCell(stage, col('text'), 'won')).toEqual({ ok: true, value: 'Won' });
    expect(convertCell(col('text'), stage, 'Lead')).toEqual({ ok: true, value: 'lead' });
    expect(convertCell(stage, tags, 'won')).toEqual({ ok: false, message: 'is not an option of this column: "Won"' });
    expect(convertCell(col('text'), col('date'), 'soon')).toEqual({ ok: false, message: 'must be a date as YYYY-MM-DD' });
  });

  it('keeps select values when their options are renamed or reordered, and refuses removing an option in use', () => {
    const renamed = { ...stage, options: [...(stage.options ?? [])].reverse().map((o) => ({ ...o, label: `<i>${o.label}</i>` })) };
    expect(convertCell(stage, renamed, 'won')).toEqual({ ok: true, value: 'won' });
    const without = { ...stage, options: (stage.options ?? []).filter((o) => o.id !== 'won') };
    expect(convertCell(stage, without, 'won')).toEqual({ ok: false, message: 'is not an option of this column: "Won"' });
  });
});
