import { describe, expect, it } from 'vitest';
import { toOptions } from './OptionsEditor';

describe('toOptions', () => {
  it('keeps ids of existing options, trims labels and sends probabilities only when given', () => {
    expect(
      toOptions([
        { id: 'lead', label: ' Lead ', color: '#2563eb', probability: '10' },
        { label: 'On hold', color: '#16a34a', probability: '' },
        { id: 'won', label: 'Won', color: '#f59e0b', probability: '0' },
      ]),
    ).toEqual([
      { id: 'lead', label: 'Lead', color: '#2563eb', probability: 10 },
      { label: 'On hold', color: '#16a34a' },
      { id: 'won', label: 'Won', color: '#f59e0b', probability: 0 },
    ]);
  });
});
