import { columnResolver, compileFormula, FormulaError, parseFormula, type CheckedFormula, type Column, type FormulaNode } from '@contrivance/contracts';
import type { SqlBinder } from './column-types';
import { compileFormulaSql, type FormulaInliner, type FormulaSql } from './formula-sql';

/** The error a formula cell reads when its formula no longer compiles (a reference the sheet lost). */
const BROKEN = `'#ERROR!'::text`;

/** A formula's SQL may not grow past this once the formulas it reads are inlined (each copy of a reused one counts). */
export const MAX_FORMULA_SQL = 100_000;

/**
 * A formula against a sheet's columns, as it would be saved on column `selfId` (absent for a new column): parsed,
 * type-checked (another formula column reads as its result type), refused when it would read itself through other
 * formulas, and refused when its SQL with every formula it reads inlined would be too large.
 */
export function checkColumnFormula(formula: string, columns: readonly Column[], selfId?: string): { ok: true; formula: CheckedFormula } | { ok: false; error: FormulaError } {
  const resolve = columnResolver(columns);
  let tree: FormulaNode;
  try {
    tree = parseFormula(formula);
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error };
    throw error;
  }
  if (selfId !== undefined) {
    for (const field of fields(tree)) {
      const path = pathTo(selfId, resolve(field.key)?.id, columns);
      if (path) {
        const names = [selfId, ...path].map((id) => `{${columns.find((c) => c.id === id)?.name ?? id}}`).join(' → ');
        return { ok: false, error: new FormulaError(`This formula would use its own value (${names})`, field.start) };
      }
    }
  }
  const checked = compileFormula(formula, resolve);
  if (!checked.ok) return checked;
  const size = sqlSize(checked.formula, columns);
  if (size > MAX_FORMULA_SQL) {
    return { ok: false, error: new FormulaError('This formula is too complex once the formulas it uses are included; split it or simplify those formulas', 0) };
  }
  return checked;
}

/**
 * The chain of formula columns from `fromId` that reaches `targetId` (ending with it), or null when none does: how
 * a formula saved on `targetId` that reads `fromId` would read itself.
 */
function pathTo(targetId: string, fromId: string | undefined, columns: readonly Column[], seen = new Set<string>()): string[] | null {
  if (fromId === undefined) return null;
  if (fromId === targetId) return [fromId];
  if (seen.has(fromId)) return null;
  seen.add(fromId);
  for (const next of directReferences(
    columns.find((c) => c.id === fromId),
    columns,
  )) {
    const rest = pathTo(targetId, next, columns, seen);
    if (rest) return [fromId, ...rest];
  }
  return null;
}

/** The columns a formula column's saved formula reads (none for other columns or a formula that no longer parses). */
function directReferences(column: Column | undefined, columns: readonly Column[]): string[] {
  if (column?.type !== 'formula' || column.formula === undefined) return [];
  try {
    const resolve = columnResolver(columns);
    return fields(parseFormula(column.formula)).flatMap((f) => resolve(f.key)?.id ?? []);
  } catch (error) {
    if (error instanceof FormulaError) return [];
    throw error;
  }
}

/** The length of a checked formula's SQL with the formulas it reads inlined. */
function sqlSize(formula: CheckedFormula, columns: readonly Column[]): number {
  const counting: SqlBinder = { add: () => '$1' };
  const sql = compileFormulaSql(formula, counting, 'r.', inliner(columns, 0));
  return sql.value.length + sql.error.length;
}

/** The field references of a parsed formula, in reading order. */
function fields(node: FormulaNode): (FormulaNode & { kind: 'field' })[] {
  if (node.kind === 'field') return [node];
  const children = Object.values(node)
    .flatMap((v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter((v): v is FormulaNode => typeof v === 'object' && v !== null && 'kind' in v);
  return children.flatMap(fields);
}

/** The columns a column's value is made from: itself, and for a formula every column it reads, through other formulas too. */
export function columnInputs(columns: readonly Column[], columnId: string): Set<string> {
  const inputs = new Set<string>();
  const queue = [columnId];
  while (queue.length) {
    const id = queue.pop()!;
    if (inputs.has(id)) continue;
    inputs.add(id);
    queue.push(
      ...directReferences(
        columns.find((c) => c.id === id),
        columns,
      ),
    );
  }
  return inputs;
}

/** The formula columns whose formulas read `columnId`. */
export function formulasReading(columns: readonly Column[], columnId: string): Column[] {
  return columns.filter((c) => {
    if (c.type !== 'formula' || c.formula === undefined) return false;
    const compiled = compileFormula(c.formula, columnResolver(columns));
    return compiled.ok && compiled.formula.references.includes(columnId);
  });
}

/**
 * What a changed column (a new formula, hence maybe a new result type) does to the formulas that read it, directly or
 * through other formulas: those whose result type follows it (to save with it), and those that would stop type-checking.
 */
export function dependentsOf(columns: readonly Column[], changed: Column): { retyped: Column[]; broken: { column: Column; message: string }[] } {
  let now = columns.map((c) => (c.id === changed.id ? changed : c));
  const retyped = new Map<string, Column>();
  const broken: { column: Column; message: string }[] = [];
  const queue = [changed.id];
  while (queue.length) {
    const id = queue.shift()!;
    for (const reader of now.filter((c) => c.id !== changed.id && directReferences(c, now).includes(id))) {
      const checked = compileFormula(reader.formula!, columnResolver(now));
      if (!checked.ok) {
        if (!broken.some((b) => b.column.id === reader.id)) broken.push({ column: reader, message: checked.error.message });
      } else if (checked.formula.resultType !== reader.resultType) {
        const updated = { ...reader, resultType: checked.formula.resultType };
        now = now.map((c) => (c.id === reader.id ? updated : c));
        retyped.set(reader.id, updated);
        queue.push(reader.id);
      }
    }
  }
  return { retyped: [...retyped.values()], broken };
}

/** How deep formulas may read formulas when compiled: deeper than any chain the size limit lets through. */
const MAX_DEPTH = 64;

/** Inlines the formula columns a formula reads, each compiled against the same sheet. */
function inliner(columns: readonly Column[], depth: number): FormulaInliner {
  return (referenced, bind, alias) => {
    const column = columns.find((c) => c.id === referenced.id);
    if (!column || depth >= MAX_DEPTH) return null;
    return compiledColumn(column, columns, bind, alias, depth + 1);
  };
}

function compiledColumn(column: Column, columns: readonly Column[], bind: SqlBinder, alias: string, depth: number): FormulaSql | null {
  const compiled = column.formula === undefined ? null : compileFormula(column.formula, columnResolver(columns));
  if (!compiled?.ok) return null;
  return compileFormulaSql(compiled.formula, bind, alias, inliner(columns, depth));
}

/**
 * A formula column's value and error in SQL over the row alias (`r.`), with the formulas it reads inlined. Its
 * formula is shown by names, which the sheet's columns resolve; one that no longer compiles reads as `#ERROR!` on
 * every row rather than failing the query.
 */
export function formulaColumnSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias = 'r.'): { value: string; error: string } {
  return compiledColumn(column, columns, bind, alias, 0) ?? { value: 'NULL::text', error: BROKEN };
}

/** A formula column's value as a sort and filter key: NULL on rows where it fails, so errors sort with blanks. */
export function formulaValueSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias = 'r.'): string {
  const { value, error } = formulaColumnSql(column, columns, bind, alias);
  return `CASE WHEN ${error} IS NULL THEN ${value} END`;
}

/**
 * Whether a formula column's SQL depends on the row alone (FormulaSql.immutable: no clock, no subquery, in it or in
 * the formulas it reads), so a per-view index can hold it. False when the formula no longer compiles. PostgreSQL checks
 * this again when it builds the index.
 */
export function formulaIsImmutable(column: Column, columns: readonly Column[]): boolean {
  return compiledColumn(column, columns, { add: () => 'NULL' }, 'r.', 0)?.immutable === true;
}
