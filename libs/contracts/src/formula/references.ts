import { FormulaError } from './ast';
import { type Token, tokenize } from './parse';

/** How a column name is written between braces: `}` and `\` escaped, a leading `#` escaped (it would mean an id). */
export function fieldText(name: string): string {
  const escaped = name.replace(/[\\}]/g, (c) => `\\${c}`);
  return `{${escaped.startsWith('#') ? `\\${escaped}` : escaped}}`;
}

function rewriteFields(text: string, replace: (token: Token & { type: 'field' }) => string): string {
  let out = '';
  let at = 0;
  for (const token of tokenize(text)) {
    if (token.type !== 'field') continue;
    out += text.slice(at, token.start) + replace(token);
    at = token.end;
  }
  return out + text.slice(at);
}

/**
 * The stored form of a formula: every `{Name}` becomes `{#<columnId>}`, everything else is kept as written. So a
 * renamed column keeps its formulas working. Throws a FormulaError at an unknown name (or a tokenizing error).
 */
export function toStored(formula: string, nameToId: (name: string) => string | undefined): string {
  return rewriteFields(formula, (token) => {
    if (token.key.by === 'id') return `{#${token.key.id}}`;
    const id = nameToId(token.key.name);
    if (id === undefined) throw new FormulaError(`Unknown field "${token.key.name}"`, token.start);
    return `{#${id}}`;
  });
}

/** The form people read and edit: every `{#<columnId>}` becomes `{<current name>}`; an id without a column stays as it is. */
export function toDisplay(stored: string, idToName: (id: string) => string | undefined): string {
  return rewriteFields(stored, (token) => {
    if (token.key.by === 'name') return fieldText(token.key.name);
    const name = idToName(token.key.id);
    return name === undefined ? `{#${token.key.id}}` : fieldText(name);
  });
}
