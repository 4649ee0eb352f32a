import type { AddressInfo } from 'node:net';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { REALTIME_PATH } from '@contrivance/contracts';
import pino from 'pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { buildAppConfig, type AppConfig } from './config/app-config';
import { validateEnvironment } from './config/environment';
import { startEmbeddedDatabase } from './database/embedded-database';
import { GracefulDrain } from './common/http/graceful-drain';

/** The longest a shutdown waits for requests in flight (main.ts gives the whole shutdown 20 s). */
const DRAIN_TIMEOUT_MS = 15_000;

/** A started instance: its app, the URL it answers on, and the one way to stop it cleanly. */
export interface RunningServer {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  /**
   * Stops accepting connections, answers the requests already received (or on their way in), then closes the app
   * (sockets told to reconnect, pool closed) and an embedded database.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Modules mounted beside the app's own; tests use it to add probe routes that exercise global wiring. */
  extraImports?: Type[];
}

/**
 * Validates the environment, brings up the database (the embedded one when DATABASE_URL is unset), then the app.
 * main.ts and the e2e tests both start the API through here, so tests exercise the real wiring.
 */
export async function startServer(source: Record<string, string | undefined> = process.env, options: StartOptions = {}): Promise<RunningServer> {
  const config = buildAppConfig(validateEnvironment(source));
  const log = pino({ level: config.log.level, base: { context: 'Bootstrap' } });
  const database = config.database.url
    ? { url: config.database.url, stop: async () => undefined }
    : await startEmbeddedDatabase({
        dataDir: config.database.dataDir,
        port: config.database.embeddedPort,
        password: config.database.embeddedPassword,
        log: (message) => log.debug({ postgres: message }),
      });
  if (!config.web.distDir) log.warn('the web app is not built (npm run build), so only the API is served');
  if (!config.database.url) log.info(`embedded PostgreSQL on 127.0.0.1:${config.database.embeddedPort}, data in ${config.database.dataDir}`);

  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url, options.extraImports), {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
    configureApp(app, config);
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const started = app;
  const drain = new GracefulDrain(app.getHttpServer(), REALTIME_PATH);
  return {
    app: started,
    config,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await drain.drain(DRAIN_TIMEOUT_MS);
      await started.close();
      await database.stop();
    },
  };
}
