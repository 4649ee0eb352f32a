import type { CellValue } from '@contrivance/contracts';
import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockApi } from '../../../test/api-mock';
import type { CellAck } from '../../realtime';
import { useSaveCell } from './useSaveCell';

const SHEET = 'sheet-1';
const ROW_PATH = `PATCH /api/spreadsheets/${SHEET}/rows/row-1`;
const row = { id: 'row-1', version: 2, values: { c1: 'x' } };

function saver(live: { connected: boolean; ack?: CellAck }) {
  const updateCell = vi.fn(async (): Promise<CellAck> => live.ack ?? { ok: true, version: 2 });
  const { result } = renderHook(() => useSaveCell(SHEET, { connected: live.connected, updateCell }));
  return { save: (value: CellValue) => result.current('row-1', 'c1', value), updateCell };
}

afterEach(() => vi.restoreAllMocks());

describe('useSaveCell', () => {
  it('saves over the socket when live, without calling HTTP', async () => {
    const fetch = mockApi({});
    const { save, updateCell } = saver({ connected: true });
    expect(await save('x')).toEqual({ ok: true });
    expect(updateCell).toHaveBeenCalledWith('row-1', 'c1', 'x');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('falls back to HTTP when the edit could not leave the browser, answering the stored row', async () => {
    mockApi({ [ROW_PATH]: () => json(200, row) });
    const { save } = saver({ connected: true, ack: { ok: false, error: 'not_sent', message: 'Not connected' } });
    expect(await save('x')).toEqual({ ok: true, row });
  });

  it('does not send again when the socket gave no answer', async () => {
    const fetch = mockApi({});
    const { save } = saver({ connected: true, ack: { ok: false, error: 'service_unavailable', message: 'No answer from the server' } });
    expect(await save('x')).toEqual({ ok: false, reason: 'unconfirmed' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports a socket refusal with its first detail', async () => {
    const { save } = saver({
      connected: true,
      ack: { ok: false, error: 'validation_failed', message: 'Invalid value', details: [{ field: 'c1', message: 'Value must be a number' }] },
    });
    expect(await save('x')).toEqual({ ok: false, reason: 'refused', message: 'Invalid value', detail: 'Value must be a number' });
  });

  it('over HTTP, keeps the detail of a validation refusal only', async () => {
    mockApi({ [ROW_PATH]: () => json(400, { statusCode: 400, error: 'Bad Request', message: 'Invalid value', details: [{ field: 'c1', message: 'too long' }] }) });
    expect(await saver({ connected: false }).save('x')).toEqual({ ok: false, reason: 'refused', message: 'Invalid value', detail: 'too long' });
    vi.restoreAllMocks();
    mockApi({ [ROW_PATH]: () => json(409, { statusCode: 409, error: 'Conflict', message: 'The row changed', details: [{ message: 'version 3' }] }) });
    expect(await saver({ connected: false }).save('x')).toEqual({ ok: false, reason: 'refused', message: 'The row changed', detail: undefined });
  });

  it('says the server is out of reach when HTTP cannot reach it', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    expect(await saver({ connected: false }).save('x')).toEqual({ ok: false, reason: 'unreachable', message: 'Cannot reach the server. Check your connection.' });
  });
});
