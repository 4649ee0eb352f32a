import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A PostgreSQL of the test's own, which it may stop and start again (see own-postgres-server.mjs). */
export interface OwnPostgres {
  adminUrl: string;
  /** Stops the server, keeping its data. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

function reply(child: ChildProcess): Promise<{ ok: boolean; adminUrl?: string; error?: string }> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { ok: boolean; adminUrl?: string; error?: string }));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL helper exited (${code})`)));
  });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const child = fork(join(__dirname, 'own-postgres-server.mjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const started = await reply(child);
  if (!started.ok || !started.adminUrl) throw new Error(`could not start PostgreSQL: ${started.error}`);
  const command = async (cmd: 'pause' | 'resume' | 'stop') => {
    const pending = reply(child);
    child.send({ cmd });
    const answer = await pending;
    if (!answer.ok) throw new Error(`${cmd} failed: ${answer.error}`);
  };
  return { adminUrl: started.adminUrl, pause: () => command('pause'), resume: () => command('resume'), stop: () => command('stop') };
}
