import type { Count, Integer, IsoDateTime, Uuid } from './scalars';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateBy, ValidateNested } from 'class-validator';
import { FILTER_OPERATORS, type FilterOperator } from './spreadsheets';
import type { Page } from './pagination';
import type { SummaryFunction } from './summaries';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const VIEW_TYPES = ['grid', 'board'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];
export const ROW_HEIGHTS = ['short', 'medium', 'tall'] as const;
export type RowHeight = (typeof ROW_HEIGHTS)[number];

/** One condition of a view's filter: the rows API's operators, with their value (a list for `in`). */
export interface ViewFilterCondition {
  columnId: Uuid;
  operator: FilterOperator;
  value?: string | number | boolean | string[];
}

/** A view's filter: conditions and groups joined by AND or OR. */
export interface ViewFilterGroup {
  op: 'and' | 'or';
  conditions: (ViewFilterCondition | ViewFilterGroup)[];
}

export interface ViewSort {
  columnId: Uuid;
  direction: 'asc' | 'desc';
}

export interface BoardSettings {
  stageColumnId: Uuid;
  cardColumnIds: Uuid[];
}

/** What a view shows and how; every part optional (absent: the sheet as it is). */
export interface ViewSettings {
  filter?: ViewFilterGroup;
  sorts?: ViewSort[];
  hiddenColumns?: Uuid[];
  columnOrder?: Uuid[];
  /** Column widths in pixels by column id. */
  widths?: Record<string, Integer>;
  frozenColumns?: Count;
  /** Grid views: up to two columns to group rows by. */
  groupBy?: Uuid[];
  rowHeight?: RowHeight;
  /** Grid views: the summary shown under each column, by column id (`none` hides a column's default summary). */
  summaries?: Record<string, SummaryFunction | 'none'>;
  /** Board views: the stage column and the fields shown on cards. */
  board?: BoardSettings;
}

/** A saved view of a sheet: shared (everyone sees it, editors change it) or personal (its creator's alone). */
export interface View extends ViewSettings {
  id: Uuid;
  spreadsheetId: Uuid;
  name: string;
  type: ViewType;
  /** Shared: everyone with access sees it, editors change it. Personal: its creator's alone. */
  shared: boolean;
  createdBy: Uuid;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export type ViewPage = Page<View>;

export const MAX_VIEW_FILTER_CONDITIONS = 50;
export const MAX_VIEW_FILTER_DEPTH = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What is wrong with the shape of a view filter (null when nothing): groups of `op` and `conditions`, at most
 * MAX_VIEW_FILTER_DEPTH deep and MAX_VIEW_FILTER_CONDITIONS conditions in all; conditions of a column id, an operator
 * and a value of a plain type. Whether the columns exist and the values fit them is the sheet's to say.
 */
export function viewFilterProblem(value: unknown, depth = 1, count = { n: 0 }): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object { op, conditions }';
  const group = value as Record<string, unknown>;
  const extra = Object.keys(group).filter((k) => k !== 'op' && k !== 'conditions');
  if (extra.length) return `has unknown field "${extra[0].slice(0, 40)}"`;
  if (group.op !== 'and' && group.op !== 'or') return 'op must be "and" or "or"';
  if (!Array.isArray(group.conditions)) return 'conditions must be a list';
  for (const item of group.conditions as unknown[]) {
    if (typeof item === 'object' && item !== null && 'conditions' in item) {
      if (depth >= MAX_VIEW_FILTER_DEPTH) return `groups nest at most ${MAX_VIEW_FILTER_DEPTH} deep`;
      const inner = viewFilterProblem(item, depth + 1, count);
      if (inner) return inner;
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'conditions must be conditions or groups';
    const condition = item as Record<string, unknown>;
    const unknown = Object.keys(condition).filter((k) => k !== 'columnId' && k !== 'operator' && k !== 'value');
    if (unknown.length) return `condition has unknown field "${unknown[0].slice(0, 40)}"`;
    if (typeof condition.columnId !== 'string' || !UUID.test(condition.columnId)) return 'condition columnId must be a column id';
    if (!FILTER_OPERATORS.includes(condition.operator as FilterOperator)) return `condition operator must be one of: ${FILTER_OPERATORS.join(', ')}`;
    const v = condition.value;
    const plain = (x: unknown) => (typeof x === 'string' && x.length <= 500) || (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'boolean';
    if (v !== undefined && !plain(v) && !(Array.isArray(v) && v.length <= 200 && v.every((x) => typeof x === 'string' && x.length <= 100))) {
      return 'condition value must be text (at most 500 characters), a number, true/false, or a list of option ids';
    }
    count.n += 1;
    if (count.n > MAX_VIEW_FILTER_CONDITIONS) return `has more than ${MAX_VIEW_FILTER_CONDITIONS} conditions`;
  }
  return null;
}

function IsViewFilter() {
  return ValidateBy({
    name: 'isViewFilter',
    validator: {
      validate: (value: unknown) => viewFilterProblem(value) === null,
      defaultMessage: (args) => `filter ${viewFilterProblem(args?.value) ?? 'is not valid'}`,
    },
  });
}

export class ViewSortDto {
  @IsUUID('all', { message: 'sorts.columnId must be a column id' })
  columnId: string;

  @IsIn(['asc', 'desc'], { message: 'sorts.direction must be asc or desc' })
  direction: 'asc' | 'desc';
}

export class BoardSettingsDto {
  @IsUUID('all', { message: 'board.stageColumnId must be a column id' })
  stageColumnId: string;

  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'board.cardColumnIds must be column ids' })
  cardColumnIds: string[];
}

/** The settings of a view, each optional: `PATCH` changes what it names, and null clears a setting. */
export class ViewSettingsDto {
  @IsOptional()
  @IsViewFilter()
  filter?: ViewFilterGroup | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ViewSortDto)
  sorts?: ViewSortDto[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'hiddenColumns must be column ids' })
  hiddenColumns?: string[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'columnOrder must be column ids' })
  columnOrder?: string[] | null;

  /** Checked against the sheet's columns by the service (ids, 40–2000 pixels). */
  @IsOptional()
  @IsObject()
  widths?: Record<string, number> | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  frozenColumns?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUID('all', { each: true, message: 'groupBy must be column ids' })
  groupBy?: string[] | null;

  @IsOptional()
  @IsIn(ROW_HEIGHTS, { message: `rowHeight must be one of: ${ROW_HEIGHTS.join(', ')}` })
  rowHeight?: RowHeight | null;

  /** Checked against the sheet's columns by the service (each column's functions, or `none`). */
  @IsOptional()
  @IsObject()
  summaries?: Record<string, SummaryFunction | 'none'> | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => BoardSettingsDto)
  board?: BoardSettingsDto | null;
}

export class CreateViewDto extends ViewSettingsDto {
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name: string;

  @IsIn(VIEW_TYPES, { message: `type must be one of: ${VIEW_TYPES.join(', ')}` })
  type: ViewType;

  /** Shared views need edit access; personal ones are their creator's alone. */
  @IsBoolean()
  shared: boolean;
}

export class UpdateViewDto extends ViewSettingsDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string;

  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}
