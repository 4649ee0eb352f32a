import type { Count, Uuid } from './scalars';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

/** Matches one search request may answer. */
export const MAX_SEARCH_LIMIT = 500;
export const DEFAULT_SEARCH_LIMIT = 100;
/** Matches a search may skip: paging deeper than this is not a search any more (narrow the term or use a filter). */
export const MAX_SEARCH_OFFSET = 100_000;
export const MAX_SEARCH_TERM = 200;
/**
 * Matching rows counted at most for `total`: past them the answer says `totalCapped` and `total` counts the cells of
 * the matching rows found first (a lower bound), so a term found in a third of a million rows still answers fast.
 */
export const SEARCH_COUNT_CAP = 10_000;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const flag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `GET /search`: cells of the sheet (or of a view: its rows, its visible columns, its order) that contain `q`. */
export class SearchQuery {
  /** The text to find, case-insensitively, anywhere in a cell as it reads (select labels, people's names). */
  @Transform(trimmed)
  @IsString({ message: 'q must be text' })
  @Length(1, MAX_SEARCH_TERM, { message: `q must be 1 to ${MAX_SEARCH_TERM} characters (after trimming spaces)` })
  q: string;

  /** A saved view of the sheet: only its rows and visible columns are searched, in its order. */
  @IsOptional()
  @IsUUID('all', { message: 'viewId must be a view id' })
  viewId?: string;

  /** Matches per page, 1–500 (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be 1 to ${MAX_SEARCH_LIMIT}` })
  @Max(MAX_SEARCH_LIMIT, { message: `limit must be 1 to ${MAX_SEARCH_LIMIT}` })
  limit?: number = DEFAULT_SEARCH_LIMIT;

  /** Matches to skip (default 0, at most 100,000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must be 0 or more' })
  @Max(MAX_SEARCH_OFFSET, { message: `offset must be at most ${MAX_SEARCH_OFFSET}` })
  offset?: number = 0;

  /**
   * Answer each match's `rowIndex` (beyond the contract): what a grid paging through the view needs to scroll to it.
   * It costs a count of the rows before the page's last match (about 150 ms per million rows passed), so it is asked for.
   */
  @IsOptional()
  @Transform(flag)
  @IsBoolean({ message: 'rowIndex must be true or false' })
  rowIndex?: boolean;
}

/** One matching cell. */
export interface SearchMatch {
  rowId: Uuid;
  columnId: Uuid;
  /**
   * With `rowIndex=true`: the row's 0-based index in the searched rows' order (the view's, else the sheet's), where a
   * grid paging through the rows API with the same view finds it. Beyond the contract's fields.
   */
  rowIndex?: Count;
}

/** Matching cells in row order, then column order (the view's column order when it has one). */
export interface SearchResult {
  items: SearchMatch[];
  /** Matching cells: all of them, or with `totalCapped` a lower bound (those of the first matching rows found). */
  total: Count;
  /** More than SEARCH_COUNT_CAP rows match: `total` is a lower bound. Beyond the contract's fields. */
  totalCapped: boolean;
}
