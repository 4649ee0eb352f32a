import type { Column, FilterOperator, ViewFilterCondition, ViewFilterGroup } from '@contrivance/contracts';

export const OPERATOR_LABELS: Record<FilterOperator, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  in: 'is any of',
};

/** The kind of value a column filters as: computed columns as their result, links and lookups as text. */
export function filterKind(column: Column): 'text' | 'number' | 'date' | 'checkbox' | 'select' | 'multiSelect' | 'person' {
  const type = column.type === 'formula' || column.type === 'rollup' ? (column.resultType ?? 'text') : column.type;
  if (type === 'number' || type === 'currency' || type === 'percent') return 'number';
  if (type === 'date' || type === 'checkbox' || type === 'select' || type === 'multiSelect') return type;
  if (type === 'user') return 'person';
  return 'text';
}

const OPERATORS: Record<ReturnType<typeof filterKind>, FilterOperator[]> = {
  text: ['contains', 'eq', 'neq', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  checkbox: ['eq'],
  select: ['in', 'eq', 'neq', 'isEmpty', 'isNotEmpty'],
  multiSelect: ['in', 'isEmpty', 'isNotEmpty'],
  person: ['eq', 'isEmpty', 'isNotEmpty'],
};

/** The operators the rows API takes for a column, in the order a menu offers them. */
export const operatorsFor = (column: Column): FilterOperator[] => OPERATORS[filterKind(column)];

export const needsValue = (operator: FilterOperator) => operator !== 'isEmpty' && operator !== 'isNotEmpty';

/** A new condition on a column: its first operator, and a value to start from where one is needed. */
export function newCondition(column: Column): ViewFilterCondition {
  const operator = operatorsFor(column)[0];
  const kind = filterKind(column);
  if (kind === 'checkbox') return { columnId: column.id, operator, value: true };
  if (operator === 'in') return { columnId: column.id, operator, value: [] };
  return { columnId: column.id, operator, value: '' };
}

/** The same condition with another operator: the value kept where it still fits, a list for `in`, none when unneeded. */
export function withOperator(condition: ViewFilterCondition, operator: FilterOperator): ViewFilterCondition {
  if (!needsValue(operator)) return { columnId: condition.columnId, operator };
  if (operator === 'in')
    return {
      columnId: condition.columnId,
      operator,
      value: Array.isArray(condition.value) ? condition.value : typeof condition.value === 'string' && condition.value ? [condition.value] : [],
    };
  const value = Array.isArray(condition.value) ? (condition.value[0] ?? '') : (condition.value ?? '');
  return { columnId: condition.columnId, operator, value };
}

const isGroup = (c: ViewFilterCondition | ViewFilterGroup): c is ViewFilterGroup => 'conditions' in c;

/** What is missing before a filter can be saved (a value left empty), or null. */
export function incomplete(group: ViewFilterGroup, columns: readonly Column[]): string | null {
  for (const c of group.conditions) {
    if (isGroup(c)) {
      const inner = incomplete(c, columns);
      if (inner) return inner;
      continue;
    }
    const name = columns.find((col) => col.id === c.columnId)?.name ?? 'a column';
    if (needsValue(c.operator) && (c.value === '' || c.value === undefined || (Array.isArray(c.value) && !c.value.length))) return `Give “${name}” a value to compare with.`;
  }
  return null;
}

/** A filter in words, for the view bar ("Stage is any of Won, Lost and Value is more than 100"). */
export function describeFilter(group: ViewFilterGroup | undefined, columns: readonly Column[]): string {
  if (!group?.conditions.length) return 'All rows';
  const part = (c: ViewFilterCondition | ViewFilterGroup): string => {
    if (isGroup(c)) return `(${c.conditions.map(part).join(` ${c.op} `)})`;
    const column = columns.find((col) => col.id === c.columnId);
    if (!column) return 'a deleted column';
    const label = (v: unknown) => column.options?.find((o) => o.id === v)?.label ?? String(v);
    const value = !needsValue(c.operator) ? '' : Array.isArray(c.value) ? ` ${c.value.map(label).join(', ')}` : ` ${label(c.value)}`;
    return `${column.name} ${OPERATOR_LABELS[c.operator]}${value}`;
  };
  return group.conditions.map(part).join(` ${group.op} `);
}
