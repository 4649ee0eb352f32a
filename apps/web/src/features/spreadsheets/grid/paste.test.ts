import { describe, expect, it } from 'vitest';
import type { Column } from '@contrivance/contracts';
import { blockUpdates, linkColumnsHit, parseClipboardBlock } from './paste';

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

  it('finds the link columns a block would land in, so the paste is refused (links take row ids, not labels)', () => {
    const column = (id: string, type: Column['type']): Column => ({ id, name: id, type, position: 0, hidden: false, required: false });
    const columns = [column('name', 'text'), column('company', 'link'), column('value', 'number')];
    expect(linkColumnsHit([['Deal', 'Acme']], ['name', 'company', 'value'], columns).map((c) => c.id)).toEqual(['company']);
    expect(linkColumnsHit([['Deal'], ['Other']], ['name', 'company', 'value'], columns)).toEqual([]);
    expect(linkColumnsHit([['1', '2']], ['value'], columns)).toEqual([]);
  });
});
