import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Comment, Page } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../database/query-rows';

interface CommentRecord {
  id: string;
  row_id: string;
  user_id: string;
  body: string;
  mentions: string[];
  created_at: Date;
  updated_at: Date;
}

/** A comment as written, and the sheet's version at that moment (for webhook deliveries). */
export interface WrittenComment {
  comment: Comment;
  sheetVersion: number;
}

const toComment = (r: CommentRecord): Comment => ({
  id: r.id,
  rowId: r.row_id,
  userId: r.user_id,
  body: r.body,
  mentions: r.mentions,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const FIELDS = `c.id, c.row_id, c.user_id, c.body, c.mentions, c.created_at, c.updated_at`;
const SHEET_VERSION = `(SELECT s.version FROM spreadsheets s WHERE s.id = c.sheet_id) AS sheet_version`;
const written = (rows: (CommentRecord & { sheet_version: string })[]): WrittenComment | null =>
  rows.length ? { comment: toComment(rows[0]), sheetVersion: Number(rows[0].sheet_version) } : null;

/** The SQL of row comments. */
@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the row is in the sheet now (a deleted row's comments stay, but are not reachable until it is back). */
  async rowExists(sheetId: string, rowId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM spreadsheet_rows WHERE sheet_id = $1 AND id = $2`, [sheetId, rowId]);
    return rows.length > 0;
  }

  /** Those of `userIds` who are not members of the sheet. */
  async nonMembers(sheetId: string, userIds: string[]): Promise<string[]> {
    if (!userIds.length) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id)
       WHERE NOT EXISTS (SELECT 1 FROM spreadsheet_members m WHERE m.sheet_id = $1 AND m.user_id = u.id)`,
      [sheetId, userIds],
    );
    return rows.map((r) => r.id);
  }

  /** A page of a row's comments, oldest first. */
  async page(sheetId: string, rowId: string, limit: number, offset: number): Promise<Page<Comment>> {
    const [rows, [{ n }]] = await Promise.all([
      this.dataSource.query<CommentRecord[]>(
        `SELECT ${FIELDS} FROM spreadsheet_comments c WHERE c.sheet_id = $1 AND c.row_id = $2 ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4`,
        [sheetId, rowId, limit, offset],
      ),
      this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM spreadsheet_comments WHERE sheet_id = $1 AND row_id = $2`, [sheetId, rowId]),
    ]);
    return { items: rows.map(toComment), total: n };
  }

  async find(sheetId: string, rowId: string, commentId: string): Promise<Comment | null> {
    const rows: CommentRecord[] = await this.dataSource.query(`SELECT ${FIELDS} FROM spreadsheet_comments c WHERE c.sheet_id = $1 AND c.row_id = $2 AND c.id = $3`, [
      sheetId,
      rowId,
      commentId,
    ]);
    return rows.length ? toComment(rows[0]) : null;
  }

  /** Adds a comment if the row is (still) in the sheet; null when it is not. */
  async insert(sheetId: string, rowId: string, userId: string, body: string, mentions: string[]): Promise<WrittenComment | null> {
    return written(
      await queryRows(
        this.dataSource.manager,
        `INSERT INTO spreadsheet_comments AS c (sheet_id, row_id, user_id, body, mentions)
         SELECT $1, $2, $3, $4, $5::uuid[] WHERE EXISTS (SELECT 1 FROM spreadsheet_rows r WHERE r.sheet_id = $1 AND r.id = $2)
         RETURNING ${FIELDS}, ${SHEET_VERSION}`,
        [sheetId, rowId, userId, body, mentions],
      ),
    );
  }

  /** Changes a comment's body and mentions; null when it is gone meanwhile. */
  async update(sheetId: string, commentId: string, body: string, mentions: string[]): Promise<WrittenComment | null> {
    return written(
      await queryRows(
        this.dataSource.manager,
        `UPDATE spreadsheet_comments c SET body = $3, mentions = $4::uuid[], updated_at = now() WHERE c.sheet_id = $1 AND c.id = $2
         RETURNING ${FIELDS}, ${SHEET_VERSION}`,
        [sheetId, commentId, body, mentions],
      ),
    );
  }

  /** Deletes a comment; answers it as it was, or null when it was gone already. */
  async remove(sheetId: string, commentId: string): Promise<WrittenComment | null> {
    return written(
      await queryRows(this.dataSource.manager, `DELETE FROM spreadsheet_comments c WHERE c.sheet_id = $1 AND c.id = $2 RETURNING ${FIELDS}, ${SHEET_VERSION}`, [
        sheetId,
        commentId,
      ]),
    );
  }

  /** How many comments each of `rowIds` has (rows without any are left out). */
  async counts(sheetId: string, rowIds: string[]): Promise<Record<string, number>> {
    const rows: { row_id: string; n: number }[] = await this.dataSource.query(
      `SELECT row_id, count(*)::int AS n FROM spreadsheet_comments WHERE sheet_id = $1 AND row_id = ANY($2::uuid[]) GROUP BY row_id`,
      [sheetId, rowIds],
    );
    return Object.fromEntries(rows.map((r) => [r.row_id, r.n]));
  }
}
