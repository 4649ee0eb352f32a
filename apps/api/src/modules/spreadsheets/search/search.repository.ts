import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SEARCH_COUNT_CAP, type Column, type SearchMatch, type SearchResult } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import { SqlParams } from '../../../database/sql-params';
import type { LinkedSheets } from '../cells/linked-columns';
import { buildRowsSql, type RowsSelection } from '../rows/rows-query';
import { containsPattern, searchSql } from './search-sql';

/** A search of one sheet: which rows and in which order (a view's), which columns, for what. */
export interface SearchRequest {
  sheetId: string;
  /** Every column of the sheet (a view's filter may name any). */
  columns: Column[];
  selection: RowsSelection;
  /** The columns searched, in the order their matches come in. */
  searched: Column[];
  q: string;
  /** Members whose name contains `q`. */
  people: string[];
  limit: number;
  offset: number;
  linked: LinkedSheets;
}

/**
 * The SQL of searches: the matching rows in the view's order (each with which of the searched columns match), their
 * indexes in that order, and the number of matching cells, counted over at most SEARCH_COUNT_CAP rows.
 */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The sheet's members whose display name contains the term. */
  async peopleNamed(sheetId: string, q: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT m.user_id::text AS id FROM spreadsheet_members m JOIN users u ON u.id = m.user_id WHERE m.sheet_id = $1 AND u.display_name ILIKE $2 LIMIT 100`,
      [sheetId, containsPattern(q)],
    );
    return rows.map((r) => r.id);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const [items, counted] = await Promise.all([this.matches(request), this.count(request)]);
    return { items, total: counted.total, totalCapped: counted.capped };
  }

  /**
   * The page of matching cells: the first offset + limit matching rows are enough (each has at least one), and then
   * where those rows are in the view's order.
   */
  private async matches(request: SearchRequest): Promise<SearchMatch[]> {
    const { sql, params, columnIds } = this.query(request, true);
    const rows: { id: string; hits: boolean[] }[] = await this.dataSource.query(
      `SELECT r.id, ARRAY[${sql.hits}] AS hits ${sql.from} ORDER BY ${sql.orderBy} LIMIT ${params.add(request.offset + request.limit)}`,
      params.values,
    );
    const cells = rows.flatMap((row) => columnIds.filter((_, i) => row.hits[i]).map((columnId) => ({ rowId: row.id, columnId })));
    const page = cells.slice(request.offset, request.offset + request.limit);
    const indexes = await this.rowIndexes(request, [...new Set(page.map((c) => c.rowId))]);
    return page.map((c) => ({ ...c, rowIndex: indexes.get(c.rowId) ?? 0 }));
  }

  /**
   * Rows' 0-based indexes in the view's order, read by walking that order (the view's sort index, or the sheet's
   * position index) only as far as the last of them.
   */
  private async rowIndexes(request: SearchRequest, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const params = new SqlParams([request.sheetId]);
    const rows = buildRowsSql(request.columns, request.selection.sort, request.selection.filter, params, request.linked, request.selection.where);
    const found: { id: string; n: string }[] = await this.dataSource.query(
      `SELECT s.id, s.n FROM (
         SELECT r.id, row_number() OVER (ORDER BY ${rows.orderBy}) - 1 AS n FROM spreadsheet_rows r WHERE r.sheet_id = $1${rows.where} ORDER BY ${rows.orderBy}
       ) s WHERE s.id = ANY(${params.add(ids)}::uuid[]) LIMIT ${ids.length}`,
      params.values,
    );
    return new Map(found.map((r) => [r.id, Number(r.n)]));
  }

  /** Matching cells of the first SEARCH_COUNT_CAP + 1 matching rows, in whatever order is quickest to read. */
  private async count(request: SearchRequest): Promise<{ total: number; capped: boolean }> {
    const { sql, params } = this.query(request, false);
    const rows: { n: number }[] = await this.dataSource.query(`SELECT ${sql.hitCount} AS n ${sql.from} LIMIT ${SEARCH_COUNT_CAP + 1}`, params.values);
    const capped = rows.length > SEARCH_COUNT_CAP;
    return { total: rows.slice(0, SEARCH_COUNT_CAP).reduce((sum, r) => sum + Number(r.n), 0), capped };
  }

  private query(request: SearchRequest, ordered: boolean) {
    const params = new SqlParams([request.sheetId]);
    const { selection } = request;
    const rows = buildRowsSql(request.columns, ordered ? selection.sort : [], selection.filter, params, request.linked, selection.where);
    const search = searchSql(request.searched, request.q, request.people, params);
    const any = search.columns.map((c) => c.match).join(' OR ');
    const prefilter = search.prefilter ? ` AND ${search.prefilter}` : '';
    return {
      params,
      columnIds: search.columns.map((c) => c.id),
      sql: {
        hits: search.columns.map((c) => `coalesce(${c.match}, false)`).join(', '),
        hitCount: search.columns.map((c) => `coalesce(${c.match}, false)::int`).join(' + '),
        from: `FROM spreadsheet_rows r WHERE r.sheet_id = $1${rows.where}${prefilter} AND (${any})`,
        orderBy: rows.orderBy,
      },
    };
  }
}
