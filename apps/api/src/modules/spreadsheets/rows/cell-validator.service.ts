import { Injectable } from '@nestjs/common';
import { ErrorCode, type CellValue, type Column, type ErrorDetail } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error';
import { normaliseCell } from '../cells/cell-values';
import { MembersRepository } from '../access/members.repository';
import { personLookup } from '../cells/person-refs';

/** A row's checked values: cells to set, and cells to clear (empty values are stored as absent keys). */
export interface CheckedValues {
  set: Record<string, CellValue>;
  clear: string[];
}

/**
 * Checks the values of many rows against the sheet's columns at once: unknown columns, type rules, required cells
 * (when `complete`, i.e. for new rows), and people in `user` cells, named by member id, email or unique name (the
 * sheet's members are read once, only when such a cell is written). All problems are reported together.
 */
@Injectable()
export class CellValidator {
  constructor(private readonly members: MembersRepository) {}

  /** `fieldPrefix` names the values in error details; a `#` in it stands for the row's index in `rows`. */
  async check(sheetId: string, columns: Column[], rows: Record<string, unknown>[], complete: boolean, fieldPrefix = 'values', tx?: EntityManager): Promise<CheckedValues[]> {
    const byId = new Map(columns.map((c) => [c.id, c]));
    const namesPeople = rows.some((values) => Object.entries(values ?? {}).some(([id, raw]) => byId.get(id)?.type === 'user' && raw !== null && raw !== ''));
    const people = namesPeople ? personLookup(await this.members.list(sheetId, tx)) : undefined;
    const details: ErrorDetail[] = [];
    const out = rows.map((values, row) => {
      const prefix = fieldPrefix.replace('#', String(row));
      const checked: CheckedValues = { set: {}, clear: [] };
      for (const [columnId, raw] of Object.entries(values ?? {})) {
        const column = byId.get(columnId);
        const field = `${prefix}.${columnId}`;
        if (!column) {
          details.push({ field, message: 'no such column in this spreadsheet' });
          continue;
        }
        const result = normaliseCell(column, raw, people);
        if (!result.ok) {
          details.push({ field, message: `${column.name} ${result.message}` });
          continue;
        }
        if (result.value === null) checked.clear.push(columnId);
        else checked.set[columnId] = result.value;
      }
      if (complete) {
        for (const column of columns.filter((c) => c.required && checked.set[c.id] === undefined)) {
          if (!details.some((d) => d.field === `${prefix}.${column.id}`)) details.push({ field: `${prefix}.${column.id}`, message: `${column.name} is required` });
        }
      }
      return checked;
    });
    if (details.length) {
      throw new DomainError(ErrorCode.ValidationFailed, `Invalid cell values: ${details[0].field} ${details[0].message}`, details.slice(0, 100));
    }
    return out;
  }
}
