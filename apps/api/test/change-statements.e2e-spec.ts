import fc from 'fast-check';
import type { Client } from 'pg';
import { bumpStatement, recordStatement, type NewChange } from '../src/modules/spreadsheets/change-log/change-statements';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids a caller might pass by mistake or on purpose: quotes, comments, casts, near-UUIDs, anything. */
const hostileId = fc.oneof(
  fc.constantFrom(
    "00000000-0000-4000-8000-000000000000'; DROP TABLE users; --",
    "'::uuid, 1, '00000000-0000-4000-8000-000000000000",
    '00000000-0000-4000-8000-00000000000',
    ' 00000000-0000-4000-8000-000000000000',
    '00000000-0000-4000-8000-000000000000\n',
    '',
  ),
  fc.string(),
  fc.uuid().map((id) => `${id}'`),
);

/** JSON PostgreSQL can store (jsonb refuses NUL and unpaired surrogates; the app refuses them at the door). */
const storableJson = fc.jsonValue({ maxDepth: 4 }).filter((value) => {
  const text = JSON.stringify(value);
  return !text.includes('\\u0000') && !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
});
const quoteHeavyText = fc.constantFrom("'", "''", "\\'", '\\', '$$', "E'\\x41'", "'); DELETE FROM spreadsheet_changes; --", '"', '\\u0027');

/** What JSON makes of a value (-0 is 0, undefined is null). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

const change = fc.record({
  kind: fc.constant('cell' as const),
  rowId: fc.option(fc.uuid(), { nil: null }),
  columnId: fc.option(fc.uuid(), { nil: null }),
  oldValue: fc.oneof(storableJson, quoteHeavyText),
  newValue: fc.oneof(storableJson, quoteHeavyText, fc.array(quoteHeavyText)),
});

/** The one place SQL is written with values in (change-statements): hostile ids are refused, any JSON is stored as given. */
describe('change statements', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let sheetId: string;

  beforeAll(async () => {
    server = await bootApp();
    owner = await registerMember(server);
    sheetId = (await sheetsApi(server).create(owner)).id;
  });

  afterAll(() => server.close());

  it('refuses every id that is not exactly a UUID, and every row delta or version that is not an integer', () => {
    fc.assert(
      fc.property(hostileId, (id) => {
        const accepted = (make: () => string) => {
          try {
            make();
            return true;
          } catch {
            return false;
          }
        };
        expect(accepted(() => bumpStatement(id, 0))).toBe(UUID.test(id));
        expect(accepted(() => recordStatement(id, 1, owner.user.id, []))).toBe(UUID.test(id));
        expect(accepted(() => recordStatement(sheetId, 1, id, []))).toBe(UUID.test(id));
      }),
      { numRuns: 500 },
    );
    for (const bad of [0.5, NaN, Infinity, -Infinity, 2 ** 60]) {
      expect(() => bumpStatement(sheetId, bad)).toThrow('row delta is not an integer');
      expect(() => recordStatement(sheetId, bad, owner.user.id, [])).toThrow('version is not an integer');
    }
  });

  it('stores any JSON exactly as given, in one statement that writes nothing else', async () => {
    await withClient(testDatabaseUrl(), async (client: Client) => {
      const before = await client.query('SELECT (SELECT count(*) FROM spreadsheet_changes)::int AS changes, (SELECT count(*) FROM users)::int AS users');
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (changes: NewChange[]) => {
          await client.query('BEGIN');
          try {
            const results = (await client.query(`${bumpStatement(sheetId, 0)}; ${recordStatement(sheetId, 999_999, owner.user.id, changes)}`)) as unknown as { rowCount: number }[];
            expect(results.map((r) => r.rowCount)).toEqual([1, changes.length]);
            const stored = await client.query(
              'SELECT row_id, column_id, kind, old_value, new_value FROM spreadsheet_changes WHERE sheet_id = $1 AND version = 999999 ORDER BY seq',
              [sheetId],
            );
            expect(stored.rows).toEqual(
              changes.map((c) => ({ row_id: c.rowId, column_id: c.columnId, kind: c.kind, old_value: asJson(c.oldValue), new_value: asJson(c.newValue) })),
            );
          } finally {
            await client.query('ROLLBACK');
          }
        }),
        { numRuns: 200 },
      );
      const after = await client.query('SELECT (SELECT count(*) FROM spreadsheet_changes)::int AS changes, (SELECT count(*) FROM users)::int AS users');
      expect(after.rows).toEqual(before.rows);
    });
  });
});
