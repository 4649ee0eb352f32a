// Statements the app sends, captured from it with pg's query hook, for the benches that run them without the app
// (bench/support/bare-api.mjs, bench/insert-ceiling.mjs). Keep them equal to the app's when its SQL changes.

/** The rows of a bulk insert ($2, a JSON array of stored cells) after the sheet's ($1) last row, by $3. */
export const INSERT_ROWS_SQL = `INSERT INTO spreadsheet_rows AS r (sheet_id, position, data, updated_by)
       SELECT $1, coalesce((SELECT max(l.position) FROM spreadsheet_rows l WHERE l.sheet_id = $1), 0) + t.ord, t.data, $3
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(data, ord)
       ORDER BY t.ord
       RETURNING r.id, r.position, r.data AS data, r.version, r.created_at, r.updated_at, r.updated_by`;
