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
  /** Answer each match's row index in the view's order (a count of the rows before it: see rowIndexes). */
  rowIndex: boolean;
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

  /**
   * First the capped count, which also tells how common the term is, and so how to read the page: the rows of a term
   * in at most SEARCH_COUNT_CAP rows are found through the trigram index and sorted (a few thousand rows at most);
   * a more common term's are found walking the view's order until the page is full (one row in a hundred or more
   * matches, so that takes a few thousand rows too). PostgreSQL's own estimate of a trigram test is blind to how
   * common the term is (a third of the rows read as 0.8 %), so the choice is made here.
   */
  async search(request: SearchRequest): Promise<SearchResult> {
    // No column can hold the term (say, only option and person columns, none of whose labels match): nothing to scan.
    if (!searchSql(request.searched, request.q, request.people, new SqlParams([request.sheetId])).columns.length) return { items: [], total: 0, totalCapped: false };
    const counted = await this.count(request);
    const items = await this.matches(request, counted.capped);
    return { items, total: counted.total, totalCapped: counted.capped };
  }

  /**
   * The page of matching cells: the first offset + limit matching rows are enough (each has at least one), and when
   * asked, where those rows are in the view's order.
   */
  private async matches(request: SearchRequest, common: boolean): Promise<SearchMatch[]> {
    const { sql, params, columnIds } = this.query(request, true, !common);
    const wanted = params.add(request.offset + request.limit);
    const rows: { id: string; position: string; hits: boolean[] }[] = await this.dataSource.query(
      common
        ? `SELECT r.id, r.position, ARRAY[${sql.hits}] AS hits ${sql.from} ORDER BY ${sql.orderBy} LIMIT ${wanted}`
        : `WITH found AS MATERIALIZED (SELECT r.* ${sql.from})
           SELECT r.id, r.position, ARRAY[${sql.hits}] AS hits FROM found r ORDER BY ${sql.orderBy} LIMIT ${wanted}`,
      params.values,
    );
    const cells = rows.flatMap((row) => columnIds.filter((_, i) => row.hits[i]).map((columnId) => ({ row, columnId })));
    const page = cells.slice(request.offset, request.offset + request.limit);
    const pageRows = [...new Map(page.map((c) => [c.row.id, c.row])).values()];
    if (!request.rowIndex) return page.map((c) => ({ rowId: c.row.id, columnId: c.columnId }));
    const indexes = await this.rowIndexes(request, pageRows);
    return page.map((c) => ({ rowId: c.row.id, columnId: c.columnId, rowIndex: indexes.get(c.row.id) ?? 0 }));
  }

  /**
   * Rows' 0-based indexes in the view's order (given in that order). In sheet order, the rows before each one are
   * counted on the position index, up to the last of them (some 150 ms per million rows passed); sorted, by numbering
   * the view's rows in its order (its sort index, when it has one) as far as the last of them.
   */
  private async rowIndexes(request: SearchRequest, rows: { id: string; position: string }[]): Promise<Map<string, number>> {
    if (!rows.length) return new Map();
    const params = new SqlParams([request.sheetId]);
    const { selection } = request;
    const sql = buildRowsSql(request.columns, selection.sort, selection.filter, params, request.linked, selection.where);
    if (!selection.sort?.length) {
      // The rows between one and the next, counted on the position index (a row comparison is an index range).
      const from = [{ position: '-Infinity', id: '00000000-0000-0000-0000-000000000000' }, ...rows.slice(0, -1)];
      const gaps: { n: number }[] = await this.withoutJit(
        `SELECT (SELECT count(*) FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where}
                   AND (r.position, r.id) >= (t.from_position, t.from_id) AND (r.position, r.id) < (t.to_position, t.to_id))::int AS n
         FROM unnest(${params.add(from.map((r) => r.position))}::numeric[], ${params.add(from.map((r) => r.id))}::uuid[],
                     ${params.add(rows.map((r) => r.position))}::numeric[], ${params.add(rows.map((r) => r.id))}::uuid[])
              WITH ORDINALITY t(from_position, from_id, to_position, to_id, i)
         ORDER BY t.i`,
        params.values,
      );
      let before = 0;
      return new Map(rows.map((row, k) => [row.id, (before += gaps[k].n)]));
    }
    const found: { id: string; n: string }[] = await this.withoutJit(
      `SELECT s.id, s.n FROM (
         SELECT r.id, row_number() OVER (ORDER BY ${sql.orderBy}) - 1 AS n FROM spreadsheet_rows r WHERE r.sheet_id = $1${sql.where} ORDER BY ${sql.orderBy}
       ) s WHERE s.id = ANY(${params.add(rows.map((r) => r.id))}::uuid[]) LIMIT ${rows.length}`,
      params.values,
    );
    return new Map(found.map((r) => [r.id, Number(r.n)]));
  }

  /**
   * Matching cells of the first SEARCH_COUNT_CAP + 1 matching rows found (in whatever order is quickest to read:
   * through the trigram index, or a scan that stops early for a common term), and whether more than the cap match
   * (the cells counted are then a lower bound).
   */
  private async count(request: SearchRequest): Promise<{ total: number; capped: boolean }> {
    const { sql, params } = this.query(request, false, true);
    const [counted]: { rows: number; cells: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS rows, coalesce(sum(n), 0)::int AS cells FROM (SELECT ${sql.hitCount} AS n ${sql.from} LIMIT ${SEARCH_COUNT_CAP + 1}) m`,
      params.values,
    );
    return { total: counted.cells, capped: counted.rows > SEARCH_COUNT_CAP };
  }

  /**
   * Runs a query with PostgreSQL's JIT compilation off. The row-index counts are estimated as if every range held a
   * third of the sheet, which passes jit_above_cost: compiling them took ~140 ms where running them takes ~1 ms.
   */
  private withoutJit<T>(sql: string, values: unknown[]): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      return tx.query<T>(sql, values);
    });
  }

  /** The search's SQL over the view's rows; `prefiltered`: with the test the trigram index answers (see searchSql). */
  private query(request: SearchRequest, ordered: boolean, prefiltered: boolean) {
    const params = new SqlParams([request.sheetId]);
    const { selection } = request;
    const rows = buildRowsSql(request.columns, ordered ? selection.sort : [], selection.filter, params, request.linked, selection.where);
    const search = searchSql(request.searched, request.q, request.people, params);
    const any = search.columns.map((c) => c.match).join(' OR ');
    const prefilter = prefiltered && search.prefilter ? ` AND ${search.prefilter()}` : '';
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
