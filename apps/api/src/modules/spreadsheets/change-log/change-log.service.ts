import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { SheetChange } from '@contrivance/contracts';
import type { PoolClient, QueryResult } from 'pg';
import type { EntityManager } from 'typeorm';
import { KeyedLimit, LimitBusyError } from '../../../common/concurrency/keyed-limit';
import { DomainError } from '../../../common/errors/domain-error';
import type { AppConfig } from '../../../config/app-config';
import { DatabaseConnections } from '../../../database/database-connections';
import { bumpStatement, recordStatement, stepStatement, type NewChange } from './change-statements';
import { ChangesRepository } from './changes.repository';

export type { NewChange } from './change-statements';

/** Writers of one sheet that may hold a pooled connection at once (the rest wait in memory). */
const WRITERS_PER_SHEET = 2;
/** Writers of one sheet that may wait for a turn; more get a 503 at once. */
const QUEUED_WRITERS_PER_SHEET = 5000;
/** PostgreSQL's lock_not_available: `lock_timeout` ran out. */
const LOCK_NOT_AVAILABLE = '55P03';
/** PostgreSQL's deadlock_detected: two changes locked two linked sheets in opposite orders; one of them is undone. */
const DEADLOCK_DETECTED = '40P01';

const pgCode = (error: unknown) => (error as { code?: string })?.code ?? (error as { driverError?: { code?: string } })?.driverError?.code;
/** What the version bump answers. */
interface BumpedRow {
  version: string;
  columns_version: string;
}

const sheetBusy = () => DomainError.serviceUnavailable('This spreadsheet is busy with another change (a large import, say); nothing was saved, retry in a moment');

/** Rows of a sheet whose derived values (links, lookups, rollups) a change moved, and which of their columns. */
export interface StaleRows {
  sheetId: string;
  rowIds: string[];
  columnIds: string[];
}

/** Emitted (in process) once per committed change of a sheet, after its commit. */
export class SheetChangedEvent {
  static readonly event = 'sheet.changed';
  constructor(
    readonly sheetId: string,
    readonly version: number,
    readonly changes: SheetChange[],
    /** process.hrtime.bigint() right after the commit, for commit-to-broadcast timing. */
    readonly committedAt: bigint,
    /** Rows (of any sheet) whose derived values the change moved: told with one of the change's events. */
    readonly stale: StaleRows[] = [],
  ) {}
}

/** Where a change comes from, for doors that need more than the result: the socket gateway. */
export interface WriteOrigin {
  /** Chosen by a socket client, echoed in the broadcast change so it can recognise its own edit. */
  clientId?: string;
}

/** How a change meets its author's undo stack: pushed on it (a step of theirs, the default) or not (undo and redo keep their own stacks). */
interface StepOption {
  step?: boolean;
}

/** Changes a person can undo: their data and columns, not their views (views have their own settings history). */
const isStep = (changes: readonly NewChange[]) => changes.some((c) => !c.kind.startsWith('view:'));

/** What a write resolved to, and the sheet version it committed as: null when nothing changed (rolled back). */
export interface Committed<T> {
  value: T;
  version: number | null;
}

/** What a change's transaction gets: its version, and a way to record what it did (in history and for listeners). */
export interface ChangeRecorder {
  readonly version: number;
  /**
   * The sheet's columns version, read under the sheet's lock: while it equals the version columns were read at, those
   * columns are the ones in force for this whole transaction (every column change takes the same lock).
   */
  readonly columnsVersion: number;
  record(changes: NewChange[]): Promise<void>;
  /** Adds to the sheet's row count when the size of a bulk write is known only at the end. */
  addRows(delta: number): Promise<void>;
  /**
   * The same transaction as a change of another sheet too (the other side of a link): its version is bumped (its lock
   * taken) now, and its history and event commit and go out with this change's. Call it only when that sheet will
   * record something: a version must not go unexplained.
   */
  alsoIn(sheetId: string): Promise<LinkedRecorder>;
}

/** What a change records in another sheet (see ChangeRecorder.alsoIn). */
export interface LinkedRecorder {
  readonly sheetId: string;
  record(changes: NewChange[]): Promise<void>;
  /** Adds to that sheet's row count (a template filling a sheet it made). */
  addRows(delta: number): Promise<void>;
}

export function toSheetChanges(sheetId: string, version: number, userId: string | null, changes: NewChange[], clientId?: string): SheetChange[] {
  return changes.map((c, i) => ({
    spreadsheetId: sheetId,
    version,
    part: i + 1,
    parts: changes.length,
    kind: c.kind,
    rowId: c.rowId ?? null,
    columnId: c.columnId ?? null,
    value: c.newValue ?? null,
    userId,
    ...(clientId ? { clientId } : {}),
    ...(c.computed ? { computed: c.computed } : {}),
  }));
}

/**
 * Values derived from rows and kept in them (lookups and rollups), brought up to date inside every change's
 * transaction once its writes are done, from what each sheet it touched recorded (see StoredLinkedValues).
 */
export abstract class DerivedValues {
  /** Brings the values up to date; answers the rows whose values it changed, for listeners. */
  abstract follow(tx: EntityManager, changes: ReadonlyMap<string, readonly NewChange[]>): Promise<StaleRows[]>;
}

/**
 * The one door for changing a sheet: a transaction that bumps the sheet's version (which orders concurrent writers
 * and keeps versions gap-free), runs the change, records it in history, commits, and only then announces it
 * (SheetChangedEvent: the real-time gateway and webhooks listen). A rolled-back change announces nothing, and a
 * change that recorded nothing is rolled back: every version a client sees has changes behind it in history.
 */
@Injectable()
export class ChangeLog {
  /**
   * Writers of one sheet queue here, holding nothing, beyond the first two: those wait on the sheet's row lock with a
   * pooled connection each, so a sheet held by a long change (an import) can never take the whole pool from the
   * other sheets. A writer that cannot get its turn within the lock timeout gets a 503 to retry.
   */
  private readonly writers: KeyedLimit;

  constructor(
    private readonly changes: ChangesRepository,
    private readonly events: EventEmitter2,
    private readonly connections: DatabaseConnections,
    private readonly derived: DerivedValues,
    config: ConfigService<AppConfig, true>,
  ) {
    this.writers = new KeyedLimit({ perKey: WRITERS_PER_SHEET, maxQueued: QUEUED_WRITERS_PER_SHEET, waitMs: config.get('sheets.lockTimeoutMs', { infer: true }) });
  }

  /** Runs `fn` as one change of the sheet; resolves to its result and the version it committed as. */
  async write<T>(
    sheetId: string,
    actor: { id: string },
    options: { rowDelta?: number } & WriteOrigin & StepOption,
    fn: (tx: EntityManager, change: ChangeRecorder) => Promise<T>,
  ): Promise<Committed<T>> {
    try {
      const begin = async (client: PoolClient) => {
        // BEGIN and the version bump in one round trip: the hot path of every edit is short by one. The wait for the
        // sheet's lock is bounded by the connection's lock_timeout (SHEET_LOCK_TIMEOUT_MS, see data-source-options).
        const [, bumped] = (await client.query(`BEGIN; ${bumpStatement(sheetId, options.rowDelta ?? 0)}`)) as unknown as QueryResult<BumpedRow>[];
        return { sheetId, bumped };
      };
      return await this.writers.run(sheetId, () => this.transaction(begin, actor, options, fn));
    } catch (error) {
      if (error instanceof LimitBusyError || pgCode(error) === LOCK_NOT_AVAILABLE || pgCode(error) === DEADLOCK_DETECTED) throw sheetBusy();
      throw error;
    }
  }

  /**
   * Creates a sheet and its first change in one transaction (a sheet made from a template is never seen half filled):
   * `insert` writes the sheet and answers its id, then `fn` runs as a change of it. No one else knows the sheet yet,
   * so there is no queue to wait in.
   */
  async create<T>(
    actor: { id: string },
    insert: (tx: EntityManager) => Promise<string>,
    fn: (tx: EntityManager, change: ChangeRecorder, sheetId: string) => Promise<T>,
  ): Promise<{ sheetId: string; value: T }> {
    let sheetId = '';
    const { value } = await this.transaction(
      async (client, tx) => {
        await client.query('BEGIN');
        sheetId = await insert(tx);
        return { sheetId, bumped: await client.query<BumpedRow>(bumpStatement(sheetId, 0)) };
      },
      actor,
      // Making a sheet is not a step: there is no sheet to undo it in.
      { step: false },
      (tx, change) => fn(tx, change, sheetId),
    );
    return { sheetId, value };
  }

  private async transaction<T>(
    begin: (client: PoolClient, tx: EntityManager) => Promise<{ sheetId: string; bumped: QueryResult<BumpedRow> }>,
    actor: { id: string },
    options: WriteOrigin & StepOption,
    fn: (tx: EntityManager, change: ChangeRecorder) => Promise<T>,
  ): Promise<Committed<T>> {
    const { runner, client } = await this.connections.connect();
    const tx = runner.manager;
    const recorded: NewChange[] = [];
    const others = new Map<string, { version: Promise<number>; recorded: NewChange[] }>();
    let value: T;
    let stale: StaleRows[] = [];
    let version: number;
    let sheetId: string;
    let committed = false;
    try {
      const begun = await begin(client, tx);
      sheetId = begun.sheetId;
      if (!begun.bumped.rows.length) throw DomainError.notFound('Spreadsheet');
      version = Number(begun.bumped.rows[0].version);
      const alsoIn = async (otherId: string): Promise<LinkedRecorder> => {
        let other = others.get(otherId);
        if (!other) {
          other = { version: this.bumpOther(client, otherId), recorded: [] };
          others.set(otherId, other);
        }
        await other.version;
        const recorded = other.recorded;
        return { sheetId: otherId, record: async (changes) => void recorded.push(...changes), addRows: (delta) => this.changes.addRows(tx, otherId, delta) };
      };
      value = await fn(tx, {
        version,
        columnsVersion: Number(begun.bumped.rows[0].columns_version),
        // Kept until the commit, and written with it (below).
        record: async (changes) => void recorded.push(...changes),
        addRows: (delta) => this.changes.addRows(tx, begun.sheetId, delta),
        alsoIn,
      });
      const touched = new Map<string, NewChange[]>(recorded.length ? [[sheetId, recorded]] : []);
      for (const [otherId, other] of others) if (other.recorded.length) touched.set(otherId, [...(touched.get(otherId) ?? []), ...other.recorded]);
      if (touched.size) stale = await this.derived.follow(tx, touched);
      // The history rows and the COMMIT in one round trip. Nothing really changed (e.g. a cell set to the value it
      // had): roll back, so no version goes unexplained.
      const statements = recorded.length ? [recordStatement(sheetId, version, actor.id, recorded)] : [];
      if (recorded.length && options.step !== false && isStep(recorded)) statements.push(stepStatement(sheetId, version, actor.id));
      for (const [otherId, other] of others) if (other.recorded.length) statements.push(recordStatement(otherId, await other.version, actor.id, other.recorded));
      await client.query(statements.length ? `${statements.join('; ')}; COMMIT` : 'ROLLBACK');
      committed = statements.length > 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    if (!committed) return { value, version: null };
    if (recorded.length) this.announce(sheetId, version, actor.id, recorded, options.clientId, stale);
    for (const [otherId, other] of others)
      if (other.recorded.length) this.announce(otherId, await other.version, actor.id, other.recorded, undefined, recorded.length ? [] : stale.splice(0));
    return { value, version };
  }

  /** Bumps another sheet's version inside a running change (see ChangeRecorder.alsoIn); 404 when it is gone. */
  private async bumpOther(client: PoolClient, sheetId: string): Promise<number> {
    const bumped = await client.query<BumpedRow>(bumpStatement(sheetId, 0));
    if (!bumped.rows.length) throw DomainError.notFound('Spreadsheet');
    return Number(bumped.rows[0].version);
  }

  private announce(sheetId: string, version: number, userId: string, changes: NewChange[], clientId?: string, stale: StaleRows[] = []): void {
    const committedAt = process.hrtime.bigint();
    this.events.emit(SheetChangedEvent.event, new SheetChangedEvent(sheetId, version, toSheetChanges(sheetId, version, userId, changes, clientId), committedAt, stale));
  }
}
