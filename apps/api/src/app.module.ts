import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { MediaTypeGuard } from './common/http/media-type.guard';
import { loggerOptions } from './common/logging/logger.options';
import { DatabaseModule } from './database/database.module';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard';
import { RedisModule } from './common/redis/redis.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { ApiTokensModule } from './modules/api-tokens/api-tokens.module';
import { AuthenticationGuard } from './modules/auth/authentication.guard';
import { AuthModule } from './modules/auth/auth.module';
import { RolesGuard } from './modules/auth/roles.guard';
import { OpsModule } from './modules/ops/ops.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SpreadsheetsModule } from './modules/spreadsheets/spreadsheets.module';
import { UsersModule } from './modules/users/users.module';
import { WebAppModule } from './modules/web-app/web-app.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** Paths that belong to the server; the SPA's deep-link fallback must never answer them. */
export const SERVER_PATHS = ['/api', '/auth', '/ws', '/health', '/metrics'];

/** The built SPA at `/`, precompressed, with deep links falling back to index.html. Absent when the web app is not built. */
function webApp(config: AppConfig): DynamicModule[] {
  return config.web.distDir ? [WebAppModule.forRoot({ distDir: config.web.distDir, serverPaths: SERVER_PATHS })] : [];
}

@Module({})
export class AppModule {
  /** `config` is validated before Nest starts; `databaseUrl` points at the server the bootstrap resolved. */
  static forRoot(config: AppConfig, databaseUrl: string, extraImports: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggerModule.forRoot(loggerOptions(config.log.level)),
        DatabaseModule.forRoot(databaseUrl, config.sheets.lockTimeoutMs),
        EventEmitterModule.forRoot(),
        RedisModule,
        RateLimitModule,
        OpsModule,
        UsersModule,
        ApiTokensModule,
        AuthModule,
        SpreadsheetsModule,
        RealtimeModule,
        WebhooksModule,
        ...webApp(config),
        ...extraImports,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // Guards run in this order: who is calling, is the body of a type the route takes, may their role do this, are
        // they within their rate.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: MediaTypeGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
