import type { Count } from './scalars';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** The largest `offset` a list accepts: far past any real list, far below what PostgreSQL's counters can hold. */
export const MAX_OFFSET = 1_000_000_000;

/** `?limit=&offset=` of every list endpoint. */
export class PaginationQuery {
  /** Items per page, 1–1000 (default 50). */
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  limit?: number = DEFAULT_PAGE_SIZE;

  /** Items to skip (default 0, at most 1,000,000,000). */
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_OFFSET)
  @Min(0)
  @IsInt()
  offset?: number = 0;
}

/** Every list response. */
export interface Page<T> {
  items: T[];
  /** How many there are in all (the page holds at most `limit` of them). */
  total: Count;
}
