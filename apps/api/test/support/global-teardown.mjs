export default async function globalTeardown() {
  await globalThis.__contrivanceTestDatabase?.drop();
}
