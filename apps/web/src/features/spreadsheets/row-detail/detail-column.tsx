import type { Row } from '@contrivance/contracts';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { CommentCounts } from './comment-counts';

/** The grid's own first column (not a column of the sheet): each row's expand button and comment count. */
export const DETAIL_COLUMN_ID = '__detail';

export interface DetailColumnContext {
  commentCounts?: CommentCounts;
  onOpenRow?: (rowId: string) => void;
}

function DetailCell({ data, context }: ICellRendererParams<Row, unknown, DetailColumnContext>) {
  if (!data) return null;
  const count = context?.commentCounts?.get(data.id) ?? 0;
  return (
    <span className="detail-cell">
      <button type="button" className="detail-cell__open" aria-label="Open row details" title="Open row details (Shift+Space)" onClick={() => context?.onOpenRow?.(data.id)}>
        ⤢
      </button>
      {count > 0 && (
        <span className="detail-cell__count" aria-label={`${count} comment${count === 1 ? '' : 's'}`} title={`${count} comment${count === 1 ? '' : 's'}`}>
          💬{count}
        </span>
      )}
    </span>
  );
}

export const detailColumnDef: ColDef<Row> = {
  colId: DETAIL_COLUMN_ID,
  headerName: '',
  width: 64,
  minWidth: 64,
  maxWidth: 64,
  pinned: 'left',
  lockPosition: 'left',
  lockPinned: true,
  resizable: false,
  sortable: false,
  filter: false,
  editable: false,
  suppressNavigable: true,
  suppressMovable: true,
  cellClass: 'cell-detail',
  cellRenderer: DetailCell,
};
