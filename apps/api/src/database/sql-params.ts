/**
 * Query parameters numbered as they are added, so no query counts `$n` by hand:
 * `const p = new SqlParams([sheetId]); sql = \`... WHERE sheet_id = $1 LIMIT ${p.add(limit)}\`; query(sql, p.values)`.
 */
export class SqlParams {
  readonly values: unknown[];

  constructor(values: unknown[] = []) {
    this.values = [...values];
  }

  /** Adds a value and answers its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
