import { isIP } from 'node:net';
import { Global, Injectable, Module } from '@nestjs/common';
import { WEBHOOK_RESOLVER, type WebhookResolver } from '../../src/modules/webhooks/webhook-resolver';

/**
 * DNS as a spec plays it for the webhook dispatcher: each hostname gets a list of answers, one per lookup, the last
 * repeating. Unknown names fail as getaddrinfo does. Reach it with `server.app.get(FakeDns)`.
 */
@Injectable()
export class FakeDns {
  private readonly answers = new Map<string, string[][]>();
  private readonly counts = new Map<string, number>();

  answer(hostname: string, ...answers: string[][]): void {
    this.answers.set(hostname, answers);
    this.counts.set(hostname, 0);
  }

  /** How many times the hostname has been looked up since its answers were set. */
  lookups(hostname: string): number {
    return this.counts.get(hostname) ?? 0;
  }

  readonly resolve: WebhookResolver = async (hostname) => {
    const answers = this.answers.get(hostname);
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const n = this.lookups(hostname);
    this.counts.set(hostname, n + 1);
    return answers[Math.min(n, answers.length - 1)].map((address) => ({ address, family: isIP(address) }));
  };
}

/**
 * Mounted by `bootApp(env, [FakeDnsModule])`: global, so the webhook dispatcher's optional resolver is found here
 * instead of falling back to the system's.
 */
@Global()
@Module({
  providers: [FakeDns, { provide: WEBHOOK_RESOLVER, useFactory: (dns: FakeDns) => dns.resolve, inject: [FakeDns] }],
  exports: [WEBHOOK_RESOLVER],
})
export class FakeDnsModule {}
