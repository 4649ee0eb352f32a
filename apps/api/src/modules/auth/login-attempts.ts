import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../../common/errors/domain-error';
import { windowCounter } from '../../common/redis/counters';
import { RedisConnection } from '../../common/redis/redis.module';
import type { AppConfig } from '../../config/app-config';

const WINDOW_SECONDS = 15 * 60;
/** Failures on one account from all clients together, as a multiple of the per-client limit, before sign-ins slow down. */
const ACCOUNT_WIDE_FACTOR = 5;
/** How long every sign-in to an account under a spread-out attack waits before its answer. */
export const SLOWED_SIGN_IN_MS = 2000;

/**
 * Failed sign-ins, counted (successes never are) so that guessing is stopped without locking the owner out:
 * - per account and client address: after AUTH_ACCOUNT_RATE_LIMIT failures in 15 minutes that client gets 429 for
 *   that account (other clients, the owner's among them, are not affected; a success clears the count);
 * - per account from all clients: past five times that, every sign-in to the account (right or wrong password) is
 *   answered only after SLOWED_SIGN_IN_MS, which throttles a guesser spread over many addresses while a correct
 *   password still gets in.
 * Counted in Redis when the app has it, so the limits hold across instances.
 */
@Injectable()
export class LoginAttempts {
  private readonly perClient: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly clientLimit: number;
  private readonly accountLimit: number;

  constructor(config: ConfigService<AppConfig, true>, redis: RedisConnection) {
    this.clientLimit = config.get('rateLimit.failedSignInsPerClient', { infer: true });
    this.accountLimit = this.clientLimit * ACCOUNT_WIDE_FACTOR;
    // The counters never refuse by themselves (penalty adds without refusing): this class decides.
    this.perClient = windowCounter(redis, 'login-fail-client', Number.MAX_SAFE_INTEGER, WINDOW_SECONDS);
    this.perAccount = windowCounter(redis, 'login-fail-account', Number.MAX_SAFE_INTEGER, WINDOW_SECONDS);
  }

  /**
   * Runs a sign-in attempt: refused (429) when this client has failed this account too often, answered late when
   * the account is under a spread-out attack, and counted when `attempt` fails.
   */
  async guard<T>(email: string, client: string | undefined, attempt: () => Promise<T | null>): Promise<T | null> {
    const account = email.trim().toLowerCase();
    const pair = `${account}\u0000${client ?? ''}`;
    const [byClient, byAccount] = await Promise.all([this.perClient.get(pair), this.perAccount.get(account)]);
    if (byClient && byClient.consumedPoints >= this.clientLimit) {
      const seconds = Math.ceil(byClient.msBeforeNext / 1000);
      throw DomainError.rateLimited(`Too many failed sign-ins to this account from your address; try again in ${seconds} s`, seconds);
    }
    const slowed = byAccount !== null && byAccount.consumedPoints >= this.accountLimit;
    const result = await attempt();
    if (result === null) await Promise.all([this.perClient.penalty(pair, 1), this.perAccount.penalty(account, 1)]);
    else await this.perClient.delete(pair);
    if (slowed) await sleep(SLOWED_SIGN_IN_MS);
    return result;
  }
}
