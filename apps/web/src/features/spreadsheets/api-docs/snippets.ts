import type { SheetApiDocument } from './sheet-api-document';

export type SnippetAction = 'list' | 'create' | 'update';
export type SnippetLanguage = 'curl' | 'typescript';

export interface Snippet {
  action: SnippetAction;
  language: SnippetLanguage;
  code: string;
}

export const SNIPPET_ACTIONS: Record<SnippetAction, string> = { list: 'List rows', create: 'Create a row', update: 'Update a row' };
export const SNIPPET_LANGUAGES: Record<SnippetLanguage, string> = { curl: 'curl', typescript: 'TypeScript (fetch)' };

/** Where the snippets read the token from: an environment variable, never a real token pasted into code. */
export const TOKEN_VARIABLE = 'CONTRIVANCE_TOKEN';

interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: unknown;
}

/** A word in single quotes for a POSIX shell. */
const shellQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function curl({ method, url, body }: Call): string {
  const lines = [`curl${method === 'GET' ? '' : ` -X ${method}`} ${shellQuoted(url)}`, `-H "Authorization: Bearer $${TOKEN_VARIABLE}"`];
  if (body !== undefined) lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuoted(JSON.stringify(body))}`);
  return lines.join(' \\\n  ');
}

function typescript({ method, url, body }: Call): string {
  const indented = (text: string) => text.replace(/\n/g, '\n  ');
  return [
    `const response = await fetch(${JSON.stringify(url)}, {`,
    ...(method === 'GET' ? [] : [`  method: '${method}',`]),
    `  headers: { Authorization: \`Bearer \${process.env.${TOKEN_VARIABLE}}\`${body === undefined ? '' : `, 'Content-Type': 'application/json'`} },`,
    ...(body === undefined ? [] : [`  body: JSON.stringify(${indented(JSON.stringify(body, null, 2))}),`]),
    '});',
    'if (!response.ok) throw new Error(`${response.status}: ${(await response.json()).message}`);',
    `const ${method === 'GET' ? 'page' : method === 'POST' ? 'rows' : 'row'} = await response.json();`,
  ].join('\n');
}

const example = (document: SheetApiDocument, path: string, method: string) => document.paths[path]?.[method]?.requestBody?.content['application/json'].example;

/**
 * curl and TypeScript snippets that list, create and update rows of the sheet, by column name, built from its
 * per-sheet document: its paths (the sheet's id), its examples (real option ids, a real row id), against `origin`.
 */
export function buildSnippets(document: SheetApiDocument, origin: string): Snippet[] {
  const rowsPath = Object.keys(document.paths).find((p) => p.endsWith('/rows'));
  const rowPath = Object.keys(document.paths).find((p) => p.endsWith('/rows/{rowId}'));
  if (!rowsPath || !rowPath) return [];
  const rowId = document.paths[rowPath].patch?.parameters?.find((p) => p.name === 'rowId')?.example;
  const calls: Record<SnippetAction, Call> = {
    list: { method: 'GET', url: `${origin}${rowsPath}?keys=name&limit=50` },
    create: { method: 'POST', url: `${origin}${rowsPath}?keys=name`, body: example(document, rowsPath, 'post') },
    update: { method: 'PATCH', url: `${origin}${rowPath.replace('{rowId}', String(rowId))}?keys=name`, body: example(document, rowPath, 'patch') },
  };
  return (Object.keys(calls) as SnippetAction[]).flatMap((action) => [
    { action, language: 'curl' as const, code: curl(calls[action]) },
    { action, language: 'typescript' as const, code: typescript(calls[action]) },
  ]);
}
