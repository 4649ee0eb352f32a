import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { InvalidEnvironmentError } from './config/environment';
import { startServer, type RunningServer } from './server';

const SHUTDOWN_TIMEOUT_MS = 20_000;

function fail(error: unknown): never {
  const message = error instanceof InvalidEnvironmentError ? error.message : `Could not start: ${(error as Error)?.message ?? error}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // Every stream, socket and timer the app creates has its errors handled where it is made; a promise rejected
  // without a handler (a library's fire-and-forget call, say) is a bug to log, not a reason to end the process for
  // everyone (Node's default). Installed first, so start-up is covered too.
  let log: Pick<Logger, 'error' | 'log'> | undefined;
  process.on('unhandledRejection', (reason: unknown) => {
    const e = reason as { name?: string; code?: string; message?: string };
    const fields = { errName: e?.name, errCode: e?.code, errMessage: e?.message };
    if (log) log.error(fields, 'unhandled promise rejection', 'Process');
    else process.stderr.write(`unhandled promise rejection: ${JSON.stringify(fields)}\n`);
  });
  const server: RunningServer = await startServer().catch(fail);
  const logger = server.app.get(Logger);
  log = logger;
  logger.log(`Contrivance is listening on http://localhost:${new URL(server.url).port}`, 'Bootstrap');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`, 'Bootstrap');
    setTimeout(() => {
      process.stderr.write('Shutdown took too long, exiting\n');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`Shutdown failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
