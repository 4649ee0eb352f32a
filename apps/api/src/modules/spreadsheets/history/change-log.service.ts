import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SheetChange } from '@contrivance/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangesRepository, type NewChange } from './changes.repository';

/** Emitted (in process) once per committed change of a sheet, after its commit. */
export class SheetChangedEvent {
  static readonly event = 'sheet.changed';
  constructor(
    readonly sheetId: string,
    readonly version: number,
    readonly changes: SheetChange[],
    /** process.hrtime.bigint() right after the commit, for commit-to-broadcast timing. */
    readonly committedAt: bigint,
  ) {}
}

class NothingChanged {
  constructor(readonly value: unknown) {}
}

/** Where a change comes from, for doors that need more than the result: the socket gateway. */
export interface WriteOrigin {
  /** Chosen by a socket client, echoed in the broadcast change so it can recognise its own edit. */
  clientId?: string;
  /** Called with the sheet's new version once committed (not called when nothing changed). */
  onCommit?: (version: number) => void;
}

/** What a change's transaction gets: its version, and a way to record what it did (in history and for listeners). */
export interface ChangeRecorder {
  readonly version: number;
  record(changes: NewChange[]): Promise<void>;
  /** Adds to the sheet's row count when the size of a bulk write is known only at the end. */
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
  }));
}

/**
 * The one door for changing a sheet: a transaction that bumps the sheet's version (which orders concurrent writers
 * and keeps versions gap-free), runs the change, records it in history, commits, and only then announces it
 * (SheetChangedEvent: the real-time gateway and webhooks listen). A rolled-back change announces nothing, and a
 * change that recorded nothing is rolled back: every version a client sees has changes behind it in history.
 */
@Injectable()
export class ChangeLog {
  constructor(
    private readonly changes: ChangesRepository,
    private readonly events: EventEmitter2,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async write<T>(
    sheetId: string,
    actor: { id: string },
    options: { rowDelta?: number } & WriteOrigin,
    fn: (tx: EntityManager, change: ChangeRecorder) => Promise<T>,
  ): Promise<T> {
    const recorded: NewChange[] = [];
    let version = 0;
    let result: T;
    try {
      result = await this.dataSource.transaction(async (tx) => {
        version = await this.changes.bump(tx, sheetId, options.rowDelta ?? 0);
        const value = await fn(tx, {
          version,
          record: async (changes) => {
            await this.changes.record(tx, sheetId, version, actor.id, changes);
            recorded.push(...changes);
          },
          addRows: (delta) => this.changes.addRows(tx, sheetId, delta),
        });
        // Nothing really changed (e.g. a cell set to the value it had): roll back, so no version goes unexplained.
        if (!recorded.length) throw new NothingChanged(value);
        return value;
      });
    } catch (error) {
      if (error instanceof NothingChanged) return error.value as T;
      throw error;
    }
    options.onCommit?.(version);
    this.announce(sheetId, version, actor.id, recorded, options.clientId);
    return result;
  }

  private announce(sheetId: string, version: number, userId: string, changes: NewChange[], clientId?: string): void {
    const committedAt = process.hrtime.bigint();
    this.events.emit(SheetChangedEvent.event, new SheetChangedEvent(sheetId, version, toSheetChanges(sheetId, version, userId, changes, clientId), committedAt));
  }
}
