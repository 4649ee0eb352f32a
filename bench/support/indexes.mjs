import { performance } from 'node:perf_hooks';

/** Waits until `count` per-view indexes are valid and none is being built; answers the seconds since `since`. */
export async function indexesBuilt(client, count, since) {
  for (;;) {
    const {
      rows: [state],
    } = await client.query(
      `SELECT count(*) FILTER (WHERE i.indisvalid)::int AS valid, (SELECT count(*)::int FROM pg_stat_progress_create_index) AS building
       FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname LIKE 'sr\\_%'`,
    );
    if (state.valid >= count && state.building === 0) return (performance.now() - since) / 1000;
    if (performance.now() - since > 600_000) throw new Error('indexes were not built within 10 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}
