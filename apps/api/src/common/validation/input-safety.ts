import type { ErrorDetail } from '@contrivance/contracts';

/**
 * How deep a request body or socket payload may nest. The deepest DTO needs 5 levels; class-validator and
 * class-transformer recurse, so a body nested thousands of levels deep would overflow the stack (a 500) and hold the
 * event loop while doing it.
 */
export const MAX_INPUT_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, read from the raw bytes before anything is parsed
 * (brackets inside strings do not count). Malformed text is left for the parser to refuse.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, max: number = MAX_INPUT_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i += 1;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}

/** A lone UTF-16 surrogate: not a character, and not storable as UTF-8 text or in PostgreSQL's jsonb. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL could not store this text as given, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it has an unpaired surrogate)';
  return null;
}

/**
 * The first problem in already-parsed input (a JSON body, query parameters, a socket payload): nesting deeper than
 * `maxDepth`, or a string (value or key) that PostgreSQL cannot store (NUL, lone surrogate). Walks without
 * recursion, so the input's depth cannot overflow the stack.
 */
export function inputProblem(input: unknown, maxDepth: number = MAX_INPUT_DEPTH): ErrorDetail | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) return { field: path || '(body)', message: `${path || 'the value'} ${problem}` };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { field: path || '(body)', message: `nests deeper than ${maxDepth} levels` };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = unstorableText(key);
      if (keyProblem) return { field: path || '(body)', message: `a field name ${keyProblem}` };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}
