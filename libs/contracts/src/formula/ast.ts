/**
 * The syntax tree of a formula as written. Every node carries `start` and `end`: 0-based character offsets into the
 * formula text (end exclusive), so errors and the editor can point at the exact place.
 */

export interface Span {
  start: number;
  end: number;
}

/** `{Name}` as people write it, or `{#<columnId>}` as it is stored. */
export type FieldKey = { by: 'name'; name: string } | { by: 'id'; id: string };

/** A select option's attribute read through a field: `{Stage}.probability`, `{Stage}.label`. */
export type FieldProperty = 'label' | 'probability';

export interface NumberNode extends Span {
  kind: 'number';
  value: number;
}

export interface StringNode extends Span {
  kind: 'string';
  value: string;
}

export interface FieldNode extends Span {
  kind: 'field';
  key: FieldKey;
  property: FieldProperty | null;
}

export interface UnaryNode extends Span {
  kind: 'unary';
  op: '-';
  operand: FormulaNode;
}

export const BINARY_OPERATORS = ['=', '!=', '<>', '<', '<=', '>', '>=', '&', '+', '-', '*', '/', '%'] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

export interface BinaryNode extends Span {
  kind: 'binary';
  op: BinaryOperator;
  /** Where the operator itself stands (type errors about the operation point here). */
  opStart: number;
  left: FormulaNode;
  right: FormulaNode;
}

export interface CallNode extends Span {
  kind: 'call';
  /** Upper-cased: function names are case-insensitive. */
  name: string;
  args: FormulaNode[];
}

export type FormulaNode = NumberNode | StringNode | FieldNode | UnaryNode | BinaryNode | CallNode;

/** A formula that does not parse or type-check: what was expected, at which 0-based character offset. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}
