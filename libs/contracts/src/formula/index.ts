/**
 * The formula engine: parse (positions), check (types, references by name or id), evaluate (the reference evaluator
 * the editor previews with), and the stored form of references. The API compiles checked formulas to SQL.
 */
export { BINARY_OPERATORS, FormulaError } from './ast';
export type { BinaryNode, BinaryOperator, CallNode, FieldKey, FieldNode, FieldProperty, FormulaNode, NumberNode, StringNode, UnaryNode } from './ast';
export { MAX_FORMULA_LENGTH, parseFormula } from './parse';
export { checkFormula, columnResolver, compileFormula, DATE_FORMAT_TOKENS, FORMULA_FUNCTIONS, FORMULA_RESULT_TYPES, kindOf } from './check';
export type {
  ArithmeticOperator,
  CheckedFormula,
  ComparisonOperator,
  DateFormatPart,
  DateFormatToken,
  DateUnit,
  FormulaColumn,
  FormulaFunction,
  FormulaKind,
  FormulaResolver,
  FormulaResultType,
  FormulaValueType,
  TypedNode,
} from './check';
export { evaluateFormula, FORMULA_ERROR_CODES, MAX_FORMULA_NUMBER, MAX_TEXT_POSITION } from './evaluate';
export type { EvaluateOptions, FormulaErrorCode, FormulaValue } from './evaluate';
export { fieldText as formulaFieldText, toDisplay, toStored } from './references';
