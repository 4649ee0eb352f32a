import { Fragment, type Key, type ReactNode } from 'react';

/** One column of a DataTable: its header (none for a headless table) and how a row fills its cell. */
export interface DataColumn<T> {
  key: string;
  header?: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** Class of each of its cells. */
  className?: string;
  /** The cell's label when a stacking table folds rows into label/value pairs (default: the header, when text). */
  label?: string;
}

export interface DataTableProps<T> {
  rows: T[];
  columns: DataColumn<T>[];
  rowKey: (row: T) => Key;
  /** A caption read by assistive technology only; or name the table with `label`. */
  caption?: string;
  label?: string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** On narrow screens each row folds into label/value pairs (see .table--stacking). */
  stacking?: boolean;
  rowClassName?: (row: T) => string | undefined;
  /** A full-width row under a row (e.g. its editor), when it answers something. */
  rowDetail?: (row: T) => ReactNode;
}

/** Records as a table with the app's styling: one row per record, one cell per column, a caption or a name. */
export function DataTable<T>({ rows, columns, rowKey, caption, label, empty, stacking, rowClassName, rowDetail }: DataTableProps<T>) {
  if (!rows.length && empty !== undefined) return <>{empty}</>;
  const headed = columns.some((c) => c.header !== undefined);
  const labelOf = (column: DataColumn<T>) => column.label ?? (typeof column.header === 'string' ? column.header : '');
  return (
    <table className={stacking ? 'table table--stacking' : 'table'} aria-label={label}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      {headed && (
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row, index) => {
          const detail = rowDetail?.(row);
          return (
            <Fragment key={rowKey(row)}>
              <tr className={rowClassName?.(row)}>
                {columns.map((column) => (
                  <td key={column.key} className={column.className} data-label={stacking ? labelOf(column) : undefined}>
                    {column.cell(row, index)}
                  </td>
                ))}
              </tr>
              {detail && (
                <tr>
                  <td colSpan={columns.length}>{detail}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
