import { Injectable, Logger, type Type } from '@nestjs/common';
import { ErrorCode, type Ack } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { inputProblem } from '../../common/validation/input-safety';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { AppSocket } from './app-socket';
import { RealtimeLimits, type EventKind } from './realtime-limits';
import { failedAck } from './socket-ack';
import { SocketAuth } from './socket-auth';

/**
 * The common shape of every client event: within the user's budget for its kind, the account and the session or
 * token behind the socket still live, the payload within depth and text rules and fitting its DTO, writes refused to
 * read-only tokens; any failure is an `{ ok: false }` ack.
 */
@Injectable()
export class ClientEvents {
  private readonly logger = new Logger('Realtime');
  private readonly validation = createValidationPipe();

  constructor(
    private readonly limits: RealtimeLimits,
    private readonly auth: SocketAuth,
  ) {}

  async handle<D extends object, R extends object>(
    socket: AppSocket,
    dto: Type<D>,
    body: unknown,
    kind: EventKind,
    fn: (actor: AuthUser, dto: D) => Promise<R> | R,
  ): Promise<Ack<R>> {
    try {
      await this.limits.consume(socket.data.user.id, kind);
      const actor = await this.auth.actorOf(socket);
      // Depth and text are checked before validation, which recurses (a deeply nested payload overflowed its stack).
      const problem = inputProblem(body);
      if (problem) throw new DomainError(ErrorCode.ValidationFailed, `Invalid payload: ${problem.message}`, [problem]);
      const payload = (await this.validation.transform(body, { type: 'body', metatype: dto })) as D;
      if (kind === 'write' && actor.apiToken?.scope === 'read') throw new DomainError(ErrorCode.Forbidden, 'This API token is read-only');
      return { ok: true, ...(await fn(actor, payload)) };
    } catch (error) {
      return failedAck(error, this.logger);
    }
  }
}
