import type { EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows whatever the statement. TypeORM's query() answers `[rows, rowCount]` for UPDATE and
 * DELETE (even with RETURNING) but plain rows otherwise; this hides the difference.
 */
export async function queryRows<T>(db: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  const isPair = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (isPair ? result[0] : result) as T[];
}
