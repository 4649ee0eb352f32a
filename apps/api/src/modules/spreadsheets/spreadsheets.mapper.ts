import {
  toDisplay,
  type Change,
  type ChangeKind,
  type Column,
  type ColumnType,
  type FormulaResultType,
  type LinkSettings,
  type LookupSettings,
  type RollupSettings,
  type Member,
  type RowValue,
  type SelectOption,
  type SheetRole,
  type Row,
  type Spreadsheet,
} from '@contrivance/contracts';
import { withStoredKey } from './cells/stored-keys';

/**
 * The spreadsheets module's database records and how each becomes its contract type: the one place rows of SQL turn
 * into what the API answers. Imports nothing but the contracts and stored-keys, so every folder of the module may use it.
 */

/** A spreadsheets row with the caller's membership role. */
export interface SheetRecord {
  id: string;
  name: string;
  description: string;
  owner_id: string;
  version: string;
  row_count: number;
  created_at: Date;
  updated_at: Date;
  /** The caller's membership role (null for admins who are not members). */
  role: SheetRole | null;
}

/** A spreadsheet_columns row as PostgreSQL returns it. */
export interface ColumnRecord {
  id: string;
  sheet_id: string;
  name: string;
  type: ColumnType;
  position: number;
  width: number | null;
  hidden: boolean;
  required: boolean;
  options: SelectOption[] | null;
  /** Formula columns: the formula in stored form (`{#<columnId>}` references). */
  formula: string | null;
  result_type: FormulaResultType | null;
  /** Link, lookup and rollup columns: their settings (see the LinkColumns migration). */
  settings: ColumnSettingsRecord | null;
  link_sheet_id: string | null;
  /** The column's key in stored rows (see rows/stored-keys). */
  key: number;
}

export type ColumnSettingsRecord = { link: LinkSettings } | { lookup: LookupSettings } | { rollup: RollupSettings };

export interface RowRecord {
  id: string;
  position: string;
  /** Stored cells, and (when the query computes them) formula cells: a value, or `{ error }`. */
  data: Record<string, RowValue>;
  version: number;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

export interface ChangeRecord {
  seq: string;
  version: string;
  at: Date;
  user_id: string | null;
  row_id: string | null;
  column_id: string | null;
  kind: ChangeKind;
  old_value: unknown;
  new_value: unknown;
}

export interface MemberRecord {
  user_id: string;
  email: string;
  display_name: string;
  role: SheetRole;
}

/** Admins act as owners of every sheet, member or not. */
export const toSpreadsheet = (record: SheetRecord, columns: Column[], actor: { role: string }): Spreadsheet => ({
  id: record.id,
  name: record.name,
  description: record.description,
  ownerId: record.owner_id,
  myRole: actor.role === 'admin' ? 'owner' : record.role!,
  rowCount: record.row_count,
  version: Number(record.version),
  createdAt: record.created_at.toISOString(),
  updatedAt: record.updated_at.toISOString(),
  columns,
});

/**
 * A column as the API answers it, carrying its stored key (invisible to JSON, see rows/stored-keys). A formula is
 * shown with references by name, so `nameOf` must know the sheet's columns (see toColumns); a reference it does not
 * know stays `{#<id>}`.
 */
export const toColumn = (r: ColumnRecord, nameOf: (id: string) => string | undefined = () => undefined): Column => withStoredKey(columnOf(r, nameOf), r.key);

const columnOf = (r: ColumnRecord, nameOf: (id: string) => string | undefined): Column => ({
  id: r.id,
  name: r.name,
  type: r.type,
  position: r.position,
  ...(r.width !== null ? { width: r.width } : {}),
  hidden: r.hidden,
  required: r.required,
  ...(r.options ? { options: r.options } : {}),
  ...(r.formula !== null && r.formula !== undefined ? { formula: toDisplay(r.formula, nameOf) } : {}),
  ...(r.result_type ? { resultType: r.result_type } : {}),
  ...(r.settings ?? {}),
});

/** All columns of one sheet, formulas shown by the current names of the columns they reference. */
export function toColumns(records: ColumnRecord[]): Column[] {
  const names = new Map(records.map((r) => [r.id, r.name]));
  return records.map((r) => toColumn(r, (id) => names.get(id)));
}

export const toRow = (r: RowRecord): Row => ({
  id: r.id,
  position: Number(r.position),
  values: r.data,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  updatedBy: r.updated_by,
});

export const toChange = (r: ChangeRecord): Change => ({
  seq: Number(r.seq),
  version: Number(r.version),
  at: r.at.toISOString(),
  userId: r.user_id,
  rowId: r.row_id,
  columnId: r.column_id,
  oldValue: r.old_value,
  newValue: r.new_value,
  kind: r.kind,
});

export const toMember = (r: MemberRecord): Member => ({ userId: r.user_id, email: r.email, displayName: r.display_name, role: r.role });
