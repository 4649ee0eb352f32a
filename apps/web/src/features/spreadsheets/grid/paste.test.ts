import { describe, expect, it } from 'vitest';
import { blockUpdates, parseClipboardBlock } from './paste';

describe('pasting a block of cells', () => {
  it('reads tab-separated lines, with Windows line ends and a trailing newline', () => {
    expect(parseClipboardBlock('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseClipboardBlock('')).toEqual([]);
  });

  it('makes one update per row, clipped to the grid, empties clearing cells', () => {
    const updates = blockUpdates(
      [
        ['Won', '1,200', 'extra'],
        ['', '5', 'x'],
        ['Lost', '7', 'y'],
      ],
      ['r1', 'r2'],
      ['stage', 'value'],
    );
    expect(updates).toEqual([
      { rowId: 'r1', values: { stage: 'Won', value: '1,200' } },
      { rowId: 'r2', values: { stage: null, value: '5' } },
    ]);
    expect(blockUpdates([['a', 'b']], [undefined], ['stage', 'value'])).toEqual([]);
  });
});
