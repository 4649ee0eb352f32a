import type { Count, Email, Integer, IsoDateTime, Uuid } from './scalars';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { FormulaResultType } from './formula/check';
import { MAX_FORMULA_LENGTH } from './formula/parse';
import { MAX_OFFSET, PaginationQuery, type Page } from './pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const COLUMN_TYPES = [
  'text',
  'longText',
  'number',
  'currency',
  'percent',
  'date',
  'checkbox',
  'select',
  'multiSelect',
  'email',
  'url',
  'user',
  'formula',
  'link',
  'lookup',
  'rollup',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Column types whose cells are computed, never written: formulas, and lookups and rollups over links. */
export const COMPUTED_COLUMN_TYPES: readonly ColumnType[] = ['formula', 'lookup', 'rollup'];

/** Column types that read other rows (of a linked sheet): what they hold depends on who reads them. */
export const LINKED_COLUMN_TYPES: readonly ColumnType[] = ['link', 'lookup', 'rollup'];

/**
 * Column types made one by one with their settings (a formula, a linked sheet): never retyped to or from, never made
 * or filled by an import.
 */
export const SETTINGS_COLUMN_TYPES: readonly ColumnType[] = ['formula', 'link', 'lookup', 'rollup'];

/** How a rollup column combines a field of the linked rows. */
export const ROLLUP_FUNCTIONS = ['sum', 'avg', 'min', 'max', 'count', 'counta', 'arrayjoin', 'and', 'or'] as const;
export type RollupFunction = (typeof ROLLUP_FUNCTIONS)[number];

/** Rows one link cell may hold. */
export const MAX_LINKS_PER_CELL = 1000;

export const SHEET_ROLES = ['owner', 'editor', 'viewer'] as const;
/** A person's role on one spreadsheet: owner > editor > viewer. */
export type SheetRole = (typeof SHEET_ROLES)[number];

export const TEMPLATES = ['blank', 'sales-pipeline'] as const;
export type Template = (typeof TEMPLATES)[number];

export const MAX_ROWS_PER_BATCH = 1000;
/** Columns a sheet may have (imports and column creation are refused beyond it). */
export const MAX_COLUMNS_PER_SHEET = 500;

/** One choice of a select or multiSelect column. `probability` (0–100) weighs the pipeline forecast. */
export class SelectOptionDto {
  /** Kept when given (to preserve existing values); generated for new options. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,36}$/, { message: 'option id must be 1-36 letters, digits, _ or -' })
  id?: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'option label must be 1 to 100 characters' })
  label: string;

  @IsOptional()
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'option color must look like #1a2b3c' })
  color?: string;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  probability?: number;
}

export interface SelectOption {
  id: string;
  label: string;
  /** @example "#22c55e" */
  color?: string;
  /**
   * The chance a deal in this stage closes, for the pipeline's weighted values.
   * @minimum 0
   * @maximum 100
   */
  probability?: number;
}

export interface Column {
  id: Uuid;
  name: string;
  type: ColumnType;
  position: Integer;
  /** In pixels. */
  width?: Integer;
  hidden: boolean;
  required: boolean;
  options?: SelectOption[];
  /** A formula column's formula, references written by the columns' current names (`{Deal value} * 2`). */
  formula?: string;
  /**
   * What a formula or rollup column's values are: found by type-checking a formula, or by the rollup's function.
   * @readOnly
   */
  resultType?: FormulaResultType;
  /** A link column: the sheet it links to and the reverse link column there. */
  link?: LinkSettings;
  /** A lookup column: the values of `columnId` (of the linked sheet) across the rows linked through `linkColumnId`. */
  lookup?: LookupSettings;
  /** A rollup column: `fn` over `columnId` (of the linked sheet) across the rows linked through `linkColumnId`. */
  rollup?: RollupSettings;
}

export interface LinkSettings {
  sheetId: Uuid;
  reverseColumnId: Uuid;
}

export interface LookupSettings {
  linkColumnId: Uuid;
  columnId: Uuid;
}

export interface RollupSettings extends LookupSettings {
  fn: RollupFunction;
}

/** A link cell as read: the linked rows, each with its first column as text. */
export interface LinkedRow {
  rowId: Uuid;
  label: string;
}

/** A link cell read by someone who cannot see the linked sheet: how many rows are linked, nothing else. */
export interface HiddenLinks {
  hidden: true;
  count: Count;
}

export interface Spreadsheet {
  id: Uuid;
  name: string;
  description: string;
  ownerId: Uuid;
  /** What the caller may do here. */
  myRole: SheetRole;
  rowCount: Count;
  /** The sheet's change counter: gap-free and increasing. */
  version: Integer;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  columns: Column[];
}

export type SpreadsheetPage = Page<Spreadsheet>;

/** A cell value as stored and sent: by column type, a string, number, boolean, option id(s) or user id. */
export type CellValue = string | number | boolean | string[] | null;

/** A computed cell that failed for its row: `#DIV/0!`, `#NUM!` or `#ERROR!`. */
export interface CellError {
  error: string;
}

/**
 * A value as rows are read: stored cells, computed cells that may carry an error instead, link cells (linked rows, or
 * only their count), and lookups (the looked-up values, one per linked row that has one).
 */
export type RowValue = CellValue | CellError | LinkedRow[] | HiddenLinks | CellValue[];

export interface Row {
  id: Uuid;
  /** The row's place in the sheet's order (fractional: a row inserted between two gets a value between theirs). */
  position: number;
  /**
   * Cell values by column id (by name with `keys=name`): text, number, boolean, `YYYY-MM-DD`, option id(s) or user
   * id. Formula cells are computed (`{ "error": "#DIV/0!" }` when they fail); link cells read as `[{ rowId, label }]`
   * (or `{ hidden: true, count }` for a reader who cannot see the linked sheet) and are written as a list of row ids;
   * lookups read as a list of values, rollups as one value. Blank cells are absent.
   */
  values: Record<string, RowValue>;
  /** The row's own change counter (for `expectedVersion`). */
  version: Integer;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  updatedBy: Uuid | null;
}

/** Rows list: `total` is absent when asked for with `count=false`. */
export interface RowPage {
  items: Row[];
  /** Rows matching the filter; absent with `count=false`. */
  total?: Count;
  /**
   * In sheet order (no sort), when the page is full: pass it as `after` for the next page, which then costs the same
   * at any depth. Null on a page shorter than `limit` (the last one) and on sorted pages (page those by `offset`).
   */
  nextCursor: RowCursor | null;
}

/** Where a page in sheet order ended, as `RowPage.nextCursor` gives it: opaque, pass it back unchanged as `after`. */
export type RowCursor = string;

/** A row cursor's shape (base64url); what it holds is the server's business. */
export const ROW_CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

export class CreateSpreadsheetDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsOptional()
  @IsIn(TEMPLATES, { message: `template must be one of: ${TEMPLATES.join(', ')}` })
  template?: Template;
}

export class UpdateSpreadsheetDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class ListSpreadsheetsQuery extends PaginationQuery {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string;
}

/** Column settings shared by creating and changing a column. */
export class ColumnSettingsDto {
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @IsOptional()
  @IsInt()
  @Min(40)
  @Max(2000)
  width?: number;

  /** 0-based place among the columns; appended when absent on creation. */
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SelectOptionDto)
  options?: SelectOptionDto[];

  /** Required for type `formula`: references by column name, e.g. `{Value} * {Stage}.probability / 100`. */
  @IsOptional()
  @IsString()
  @Length(1, MAX_FORMULA_LENGTH, { message: `formula must be 1 to ${MAX_FORMULA_LENGTH} characters` })
  formula?: string;
}

export class LinkSettingsDto {
  @IsUUID('all', { message: 'link.sheetId must be a UUID' })
  sheetId: string;
}

export class LookupSettingsDto {
  @IsUUID('all', { message: 'linkColumnId must be a UUID' })
  linkColumnId: string;

  @IsUUID('all', { message: 'columnId must be a UUID' })
  columnId: string;
}

export class RollupSettingsDto extends LookupSettingsDto {
  @IsIn(ROLLUP_FUNCTIONS, { message: `fn must be one of: ${ROLLUP_FUNCTIONS.join(', ')}` })
  fn: RollupFunction;
}

export class CreateColumnDto extends ColumnSettingsDto {
  /** Required for type `link`: the sheet to link to (a reverse link column is created there). */
  @IsOptional()
  @ValidateNested()
  @Type(() => LinkSettingsDto)
  link?: LinkSettingsDto;

  /** Required for type `lookup`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => LookupSettingsDto)
  lookup?: LookupSettingsDto;

  /** Required for type `rollup`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RollupSettingsDto)
  rollup?: RollupSettingsDto;

  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name: string;

  @IsIn(COLUMN_TYPES, { message: `type must be one of: ${COLUMN_TYPES.join(', ')}` })
  type: ColumnType;
}

export class UpdateColumnDto extends ColumnSettingsDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string;

  @IsOptional()
  @IsIn(COLUMN_TYPES, { message: `type must be one of: ${COLUMN_TYPES.join(', ')}` })
  type?: ColumnType;

  @IsOptional()
  @IsBoolean()
  hidden?: boolean;
}

export class RowValuesDto {
  /** Cell values keyed by column id; each is checked against its column's type. */
  @IsObject()
  values: Record<string, unknown>;
}

export class CreateRowsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROWS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => RowValuesDto)
  rows: RowValuesDto[];

  /** Insert the rows just before this row (default: at the end). */
  @IsOptional()
  @IsUUID('all', { message: 'beforeRowId must be a UUID' })
  beforeRowId?: string;
}

export class UpdateRowDto {
  @IsObject()
  values: Record<string, unknown>;

  /** The row version you edited; a newer one on the server gives 409 with the current row. */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class RowUpdateDto {
  @IsUUID('all', { message: 'rowId must be a UUID' })
  rowId: string;

  @IsObject()
  values: Record<string, unknown>;
}

/** `PATCH /rows`: cells of several rows in one change (a pasted block), all or nothing. */
export class UpdateRowsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROWS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => RowUpdateDto)
  updates: RowUpdateDto[];
}

/**
 * How row `values` are keyed in answers and in writes: by column id (the default) or by column name (`?keys=name`;
 * names match in any case, unknown or ambiguous names are a 400). Filters and sorts always name columns by id.
 */
export const ROW_KEYS = ['id', 'name'] as const;
export type RowKeys = (typeof ROW_KEYS)[number];

/** `?keys=id|name` of the routes that read or write one row or a batch of rows. */
export class RowKeysQuery {
  @IsOptional()
  @IsIn(ROW_KEYS, { message: `keys must be one of: ${ROW_KEYS.join(', ')}` })
  keys?: RowKeys;
}

export const FILTER_OPERATORS = ['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty', 'in'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const asArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/**
 * `sort=<columnId>:asc|desc` (repeatable) and `filter=<columnId>:<op>[:<value>]` (repeatable, all must hold).
 * Ops: eq, neq, contains (text), gt/gte/lt/lte (numbers and dates), isEmpty, isNotEmpty, in (select:
 * comma-separated option ids). Used by the rows listing and the CSV export.
 */
export class RowsViewQuery {
  /** A saved view of the sheet: its filter and sorts apply (`filter` is AND-ed with its filter, `sort` replaces its sorts). */
  @IsOptional()
  @IsUUID('all', { message: 'viewId must be a view id' })
  viewId?: string;

  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[0-9a-f-]{36}:(asc|desc)$/i, { each: true, message: 'sort must look like <columnId>:asc or <columnId>:desc' })
  sort?: string[];

  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[0-9a-f-]{36}:(eq|neq|contains|gt|gte|lt|lte|isEmpty|isNotEmpty|in)(:[\s\S]{0,500})?$/, {
    each: true,
    message: 'filter must look like <columnId>:<op>[:<value>]',
  })
  filter?: string[];
}

/** `GET /rows`: a page of the view; `count=false` skips the total. */
export class RowsQuery extends RowsViewQuery {
  @IsOptional()
  @Type(() => Number)
  @Max(1000)
  @Min(1)
  @IsInt()
  limit?: number = 50;

  @IsOptional()
  @Type(() => Number)
  @Max(MAX_OFFSET)
  @Min(0)
  @IsInt()
  offset?: number = 0;

  /**
   * The previous page's `nextCursor`: the page of rows after it in sheet order, read in an index however deep it is
   * (the way to walk a large sheet). Not with `offset` or a sort; filters may change between pages.
   */
  @IsOptional()
  @Matches(ROW_CURSOR_PATTERN, { message: "after must be a page's nextCursor, unchanged" })
  after?: RowCursor;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'false' ? false : value === 'true' ? true : value))
  @IsBoolean({ message: 'count must be true or false' })
  count?: boolean = true;

  /** See RowKeysQuery (repeated here: a query class extends one class only). */
  @IsOptional()
  @IsIn(ROW_KEYS, { message: `keys must be one of: ${ROW_KEYS.join(', ')}` })
  keys?: RowKeys;
}

export class PutMemberDto {
  @IsIn(SHEET_ROLES, { message: `role must be one of: ${SHEET_ROLES.join(', ')}` })
  role: SheetRole;
}

export interface Member {
  userId: Uuid;
  email: Email;
  displayName: string;
  role: SheetRole;
}

export type MemberPage = Page<Member>;

export const CHANGE_KINDS = ['cell', 'row:create', 'row:delete', 'column:create', 'column:update', 'column:delete', 'import', 'restore', 'view:update', 'view:delete'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One recorded change. `version` is the sheet's counter after the change's transaction. */
export interface Change {
  seq: Integer;
  version: Integer;
  at: IsoDateTime;
  userId: Uuid | null;
  rowId: Uuid | null;
  columnId: Uuid | null;
  /** What the cell, row, column or view held before (any JSON value; null when none). */
  oldValue: unknown;
  /** What it holds after (any JSON value; null when none). */
  newValue: unknown;
  kind: ChangeKind;
}

export type ChangePage = Page<Change>;

export class HistoryQuery extends PaginationQuery {
  @IsOptional()
  @IsUUID('all', { message: 'rowId must be a UUID' })
  rowId?: string;
}

/** `POST /import?importId=&dryRun=`: a client-chosen id to follow the import's progress while it uploads. */
export class ImportQuery {
  @IsOptional()
  @IsUUID('all', { message: 'importId must be a UUID' })
  importId?: string;

  /** Check the file (with its mapping) and report what would be imported and rejected, without changing anything. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

/**
 * Where one CSV column goes: into an existing column (`columnId`), into a new column (`create`: its name, type and,
 * for selects, options), or nowhere (`skip`). Exactly one of the three.
 */
export class ImportColumnMappingDto {
  /** The CSV column, by position from 0. */
  @IsInt()
  @Min(0)
  @Max(MAX_COLUMNS_PER_SHEET - 1)
  source: number;

  @IsOptional()
  @IsUUID('all', { message: 'columnId must be a UUID' })
  columnId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => CreateColumnDto)
  create?: CreateColumnDto;

  @IsOptional()
  @IsBoolean()
  skip?: boolean;
}

/**
 * The `mapping` field of an import (JSON, before the file in the multipart body): what each CSV column becomes.
 * Without it, the header maps to columns by name and unknown names become text columns.
 */
export class ImportMappingDto {
  @IsArray()
  @ArrayMaxSize(MAX_COLUMNS_PER_SHEET)
  @ValidateNested({ each: true })
  @Type(() => ImportColumnMappingDto)
  columns: ImportColumnMappingDto[];
}

/** One CSV line that could not be imported. `line` counts from 1 with the header as line 1. */
export interface RejectedLine {
  line: Integer;
  column?: string;
  message: string;
}

/** `GET /imports/:importId` while running, and the body of a finished import. */
export interface ImportProgress {
  importId: Uuid;
  status: 'running' | 'done' | 'failed';
  /** `receiving`: the file is uploading (bytesRead grows); `importing`: rows are being checked and written. */
  stage: 'receiving' | 'importing';
  /** Bytes of the file received so far. */
  bytesRead: Count;
  /** Bytes of the received file read into rows so far (the importing stage's progress). */
  bytesImported: Count;
  /** A dry run: nothing was written; the counts and rejected lines say what an import would do. */
  dryRun?: boolean;
  rowsRead: Count;
  rowsImported: Count;
  /** Names of the columns the import created (as text). */
  columnsCreated: string[];
  rejectedCount: Count;
  /** The first rejected lines (at most 100). */
  rejected: RejectedLine[];
  message?: string;
}
