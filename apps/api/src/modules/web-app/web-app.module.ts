import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { webAppHandler } from './web-files';

const WEB_APP_OPTIONS = Symbol('WEB_APP_OPTIONS');

interface WebAppOptions {
  distDir: string;
  /** Paths the server owns: never answered with index.html. */
  serverPaths: readonly string[];
}

/**
 * The built SPA at `/`. Mounted when the modules initialise, which is after the controllers' routes (so API requests
 * never reach it) and before the 404 handler; the security headers set in app.setup apply to it.
 */
@Module({})
export class WebAppModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEB_APP_OPTIONS) private readonly options: WebAppOptions,
  ) {}

  static forRoot(options: WebAppOptions): DynamicModule {
    return { module: WebAppModule, providers: [{ provide: WEB_APP_OPTIONS, useValue: options }] };
  }

  onModuleInit(): void {
    this.adapterHost.httpAdapter.use(webAppHandler(this.options.distDir, this.options.serverPaths));
  }
}
