import type { Row, Spreadsheet } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';
import type { RefObject } from 'react';
import { useDialog } from '../../../components/Dialog';
import { ApiError } from '../../../lib/api-error';
import { useAddRow, useDeleteRow } from '../api/spreadsheets.api';

/** Adding and deleting rows from the sheet's toolbar; the grid reloads its rows afterwards. */
export function useRowActions({
  sheet,
  grid,
  selected,
  onDeleted,
  onMessage,
}: {
  sheet: Spreadsheet;
  grid: RefObject<GridApi<Row> | null>;
  selected: Row[];
  onDeleted: () => void;
  onMessage: (message: string | null) => void;
}) {
  const { confirm, dialog } = useDialog();
  const createRow = useAddRow(sheet.id);
  const deleteRow = useDeleteRow(sheet.id);

  /** Adds a row at the end, or above the given one. */
  const addRow = async (aboveRowId?: string) => {
    onMessage(null);
    // Required text columns get a placeholder so the new row is valid; people rename it in place.
    const values = Object.fromEntries(sheet.columns.filter((c) => c.required && c.type === 'text').map((c) => [c.id, 'Untitled']));
    try {
      await createRow.mutateAsync({ values, beforeRowId: aboveRowId });
      grid.current?.refreshInfiniteCache();
      // A row added at the end is brought into view (in the sheet's own order it lands last).
      if (!aboveRowId) grid.current?.ensureIndexVisible(sheet.rowCount, 'bottom');
    } catch (error) {
      onMessage(error instanceof ApiError ? error.message : 'Could not add a row.');
    }
  };

  const removeRow = async () => {
    const row = selected[0];
    if (
      !row ||
      !(await confirm({ title: 'Delete the selected row?', message: 'It stays in the row history and can be restored from there.', confirmLabel: 'Delete row', danger: true }))
    )
      return;
    try {
      await deleteRow.mutateAsync(row.id);
      onDeleted();
      grid.current?.refreshInfiniteCache();
    } catch (error) {
      onMessage(error instanceof ApiError ? error.message : 'Could not delete the row.');
    }
  };

  return { addRow, removeRow, dialog };
}
