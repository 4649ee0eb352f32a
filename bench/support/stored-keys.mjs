/**
 * The keys rows store cells under (spreadsheet_columns.key), by column id: rows a bench writes by SQL are keyed by
 * them, as the app stores rows (the API speaks column ids).
 */
export async function storedKeys(client, columnIds) {
  const { rows } = await client.query(`SELECT id, key::text AS key FROM spreadsheet_columns WHERE id = ANY($1::uuid[])`, [columnIds]);
  const keys = new Map(rows.map((r) => [r.id, r.key]));
  return (id) => {
    if (!keys.has(id)) throw new Error(`no stored key for column ${id}`);
    return keys.get(id);
  };
}
