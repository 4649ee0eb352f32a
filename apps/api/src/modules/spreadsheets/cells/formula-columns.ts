import { columnResolver, compileFormula, FormulaError, parseFormula, type CheckedFormula, type Column, type FormulaNode } from '@contrivance/contracts';
import type { SqlBinder } from './column-types';
import { compileFormulaSql } from './formula-sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The error a formula cell reads when its formula no longer compiles (a reference the sheet lost). */
const BROKEN = `'#ERROR!'::text`;

/**
 * A formula against a sheet's columns, as it would be saved: parsed, type-checked, and refused when it reads another
 * formula column (formulas of formulas would need an order of evaluation and cycle checks: not yet).
 */
export function checkColumnFormula(formula: string, columns: readonly Column[]): { ok: true; formula: CheckedFormula } | { ok: false; error: FormulaError } {
  const resolve = columnResolver(columns);
  let tree: FormulaNode;
  try {
    tree = parseFormula(formula);
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error };
    throw error;
  }
  // Before type-checking, which would read a formula column as text and report a confusing type error.
  const formulaField = fields(tree).find((f) => resolve(f.key)?.type === 'formula');
  if (formulaField) return { ok: false, error: new FormulaError('a formula cannot use another formula column yet', formulaField.start) };
  return compileFormula(formula, resolve);
}

/** The field references of a parsed formula, in reading order. */
function fields(node: FormulaNode): (FormulaNode & { kind: 'field' })[] {
  if (node.kind === 'field') return [node];
  const children = Object.values(node)
    .flatMap((v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter((v): v is FormulaNode => typeof v === 'object' && v !== null && 'kind' in v);
  return children.flatMap(fields);
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
 * A formula column's value and error in SQL over the row alias (`r.`). Its formula is shown by names, which the
 * sheet's columns resolve; one that no longer compiles reads as `#ERROR!` on every row rather than failing the query.
 */
export function formulaColumnSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias = 'r.'): { value: string; error: string } {
  const compiled = column.formula === undefined ? null : compileFormula(column.formula, columnResolver(columns));
  if (!compiled?.ok) return { value: 'NULL::text', error: BROKEN };
  return compileFormulaSql(compiled.formula, bind, alias);
}

/** A formula column's value as a sort and filter key: NULL on rows where it fails, so errors sort with blanks. */
export function formulaValueSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias = 'r.'): string {
  const { value, error } = formulaColumnSql(column, columns, bind, alias);
  return `CASE WHEN ${error} IS NULL THEN ${value} END`;
}

/**
 * Whether a formula column's SQL depends on the row alone (FormulaSql.immutable: no clock, no subquery), so a per-view
 * index can hold it. False when the formula no longer compiles. PostgreSQL checks this again when it builds the index.
 */
export function formulaIsImmutable(column: Column, columns: readonly Column[]): boolean {
  const compiled = column.formula === undefined ? null : compileFormula(column.formula, columnResolver(columns));
  return compiled?.ok === true && compileFormulaSql(compiled.formula, { add: () => 'NULL' }).immutable;
}

/**
 * The row's cells as JSON with every formula column computed: its value (absent when blank, as an empty stored cell
 * is) or `{ "error": "#DIV/0!" }`. Just `data` when the sheet has no formula columns.
 */
export function rowDataSql(columns: readonly Column[], bind: SqlBinder, alias = 'r.'): string {
  const formulas = columns.filter((c) => c.type === 'formula');
  if (!formulas.length) return `${alias}data`;
  const stale = bind.add(formulas.map((c) => c.id));
  const parts = formulas.map((column) => {
    if (!UUID.test(column.id)) throw new Error('column id is not a UUID');
    const key = `'${column.id}'`;
    const { value, error } = formulaColumnSql(column, columns, bind, alias);
    return `CASE WHEN ${error} IS NOT NULL THEN jsonb_build_object(${key}, jsonb_build_object('error', ${error}))
      WHEN ${value} IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(${key}, to_jsonb(${value})) END`;
  });
  return `(${alias}data - ${stale}::text[]) || ${parts.join(' || ')}`;
}
