/** Types for test-database.mjs, which Playwright's TypeScript setup imports. */
export interface TestDatabase {
  name: string;
  url: string;
  embedded: boolean;
  drop(): Promise<void>;
}
export function createTestDatabase(prefix: string): Promise<TestDatabase>;
export function freePort(): Promise<number>;
