/**
 * Blocks of cells on the clipboard, as spreadsheet programs write and read them: tab-separated lines where a cell
 * holding a tab, a line break or a double quote is wrapped in double quotes (inner quotes doubled), plus an HTML table
 * for programs that prefer it.
 */

const NEEDS_QUOTES = /[\t\n\r"]/;

const quote = (text: string) => (NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** A block as tab-separated text (Windows line ends, which every spreadsheet program reads). */
export function toTsv(block: string[][]): string {
  return block.map((row) => row.map(quote).join('\t')).join('\r\n');
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A block as an HTML table; line breaks inside a cell become <br>. */
export function toHtml(block: string[][]): string {
  const rows = block.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell).replace(/\r?\n/g, '<br>')}</td>`).join('')}</tr>`).join('');
  return `<table><tbody>${rows}</tbody></table>`;
}

/**
 * Reads tab-separated text into rows of cells, honouring quoted cells (which may hold tabs and line breaks). A trailing
 * line break does not make an extra row.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && cell === '') {
      // A quoted cell runs to the quote that is not doubled.
      let j = i + 1;
      let value = '';
      for (; j < text.length; j += 1) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 1;
          } else break;
        } else value += text[j];
      }
      if (j < text.length && (j + 1 === text.length || /[\t\r\n]/.test(text[j + 1]))) {
        cell = value;
        i = j + 1;
        continue;
      }
      // Not a well-formed quoted cell: the quote is just a character.
    }
    if (c === '\t') endCell();
    else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else cell += c;
    i += 1;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}
