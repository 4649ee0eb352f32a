import { ErrorCode, type Column, type ErrorDetail, type Row, type RowKeys } from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';

/**
 * How a request keys row `values`, in both directions: written values turned into values by column id (what the
 * services take), answered rows turned into rows keyed as the caller asked, and errors naming columns as the caller
 * does.
 */
export interface RowKeying {
  /** Each row's written values keyed by column id. `fieldPrefix` names them in errors; `#` stands for the row's index. */
  written: (values: Record<string, unknown>[], fieldPrefix: string) => Record<string, unknown>[];
  answered: (row: Row) => Row;
  /** An error thrown while serving the request, as the caller should read it. */
  failure: (error: unknown) => unknown;
}

/** `keys=id`: values are keyed as stored. */
export const KEYED_BY_ID: RowKeying = {
  written: (values) => values,
  answered: (row) => row,
  failure: (error) => error,
};

/** `keys=id` or `keys=name` over a sheet's columns. */
export function rowKeying(keys: RowKeys | undefined, columns: readonly Column[]): RowKeying {
  return keys === 'name' ? new ColumnNames(columns) : KEYED_BY_ID;
}

/** A name as it is matched: column names are unique per sheet regardless of case, and are matched the same way. */
const matchKey = (name: string) => name.toLowerCase();

/**
 * `keys=name`: values keyed by column name. A written name matches a column's name in any case (as CSV headers do);
 * it is refused when it matches no column, when it matches several (the database keeps names unique, but nothing
 * here relies on it), or when two names of one row match the same column. Answers use each column's exact name; a
 * column whose name is shared keeps its id as its key, so that no value is lost.
 */
export class ColumnNames implements RowKeying {
  private readonly byName = new Map<string, Column[]>();
  private readonly nameOf = new Map<string, string>();

  constructor(columns: readonly Column[]) {
    for (const column of columns) {
      const key = matchKey(column.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), column]);
    }
    for (const [, named] of this.byName) if (named.length === 1) this.nameOf.set(named[0].id, named[0].name);
  }

  written(rows: Record<string, unknown>[], fieldPrefix: string): Record<string, unknown>[] {
    const problems: ErrorDetail[] = [];
    const byId = rows.map((values, index) => {
      const prefix = fieldPrefix.replace('#', String(index));
      const out: Record<string, unknown> = {};
      const seen = new Map<string, string>();
      for (const [name, value] of Object.entries(values ?? {})) {
        const field = `${prefix}.${name}`;
        const matches = this.byName.get(matchKey(name)) ?? [];
        if (!matches.length) {
          problems.push({ field, name, message: `no column is named "${name}"` });
        } else if (matches.length > 1) {
          problems.push({ field, name, message: `${matches.length} columns are named "${name}": address them by id (keys=id)` });
        } else if (seen.has(matches[0].id)) {
          problems.push({ field, name, message: `"${name}" and "${seen.get(matches[0].id)}" name the same column` });
        } else {
          seen.set(matches[0].id, name);
          out[matches[0].id] = value;
        }
      }
      return out;
    });
    if (problems.length) {
      const names = [...new Set(problems.map((p) => JSON.stringify(p.name)))];
      throw new DomainError(ErrorCode.ValidationFailed, `Unknown or ambiguous column names: ${names.slice(0, 20).join(', ')}`, problems.slice(0, 100));
    }
    return byId;
  }

  answered = (row: Row): Row => ({ ...row, values: this.keyedByName(row.values) });

  /**
   * Errors name columns by id (`values.<id>`, a 409's current row): they are rewritten with names. The cell
   * validator's messages already say the column's name.
   */
  failure(error: unknown): unknown {
    if (!(error instanceof DomainError) || !error.details) return error;
    const details = error.details.map((detail) => {
      const out: ErrorDetail = { ...detail };
      if (typeof detail.field === 'string') out.field = this.fieldByName(detail.field);
      if (isRow(detail.row)) out.row = this.answered(detail.row);
      return out;
    });
    const renamed = new DomainError(error.code, this.textByName(error.message), details, error.retryAfterSeconds);
    renamed.stack = error.stack;
    return renamed;
  }

  private keyedByName(values: Row['values']): Row['values'] {
    return Object.fromEntries(Object.entries(values).map(([id, value]) => [this.nameOf.get(id) ?? id, value]));
  }

  /** `rows.0.values.<id>` → `rows.0.values.<name>`. */
  private fieldByName(field: string): string {
    const match = /^(.*\bvalues)\.([0-9a-f-]{36})$/i.exec(field);
    const name = match && this.nameOf.get(match[2]);
    return name ? `${match[1]}.${name}` : field;
  }

  private textByName(text: string): string {
    return text.replace(/\bvalues\.([0-9a-f-]{36})/gi, (whole, id: string) => {
      const name = this.nameOf.get(id);
      return name ? `values.${name}` : whole;
    });
  }
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && 'id' in value && typeof (value as Row).values === 'object';
}
