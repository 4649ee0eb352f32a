import { describe, expect, it } from 'vitest';
import { fitLabel } from './charts';

describe('fitLabel', () => {
  it('keeps a label that fits and shortens one that does not, with an ellipsis', () => {
    expect(fitLabel('Won', 100)).toBe('Won');
    const long = 'Negotiation with the procurement board';
    const fitted = fitLabel(long, 65);
    expect(fitted.endsWith('…')).toBe(true);
    expect(fitted.length).toBeLessThanOrEqual(10);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
  });

  it('always leaves a few characters, however narrow the room', () => {
    expect(fitLabel('September 2027', 1)).toBe('Se…');
  });
});
