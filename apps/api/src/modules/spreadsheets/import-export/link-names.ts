import { MAX_LINKS_PER_CELL } from '@contrivance/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A name may hold commas: runs of up to this many comma-separated pieces are tried as one name. */
const MAX_PIECES_PER_NAME = 4;
/** Names looked up per query. */
const LOOKUP_CHUNK = 5000;

/** The pieces of a link cell as exports write it: the linked rows' names joined with ", ". */
const piecesOf = (text: string) => text.split(',');

/** Every name a cell may hold: each run of up to MAX_PIECES_PER_NAME pieces, trimmed (names with commas included). */
function candidates(text: string): string[] {
  const pieces = piecesOf(text);
  const names: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j <= Math.min(pieces.length, i + MAX_PIECES_PER_NAME); j++) {
      const name = pieces.slice(i, j).join(',').trim();
      if (name && !UUID.test(name)) names.push(name);
    }
  }
  return names;
}

export type LinkCellReading = { ok: true; ids: string[] } | { ok: false; message: string };

/**
 * Reads the link cells of an import as exports write them: the linked rows' names (their first column) joined with
 * ", ", each name one row of the other sheet (a row id works too). Where names may hold commas, the longest name
 * that is a row's name wins, from the left. Names are looked up in batches (`learn`) and remembered for the rest of
 * the file, so a file of a million deals over ten thousand companies asks for each company once.
 */
export class LinkNames {
  /** Each name looked up, and the rows that have it (none: unknown). */
  private readonly rows = new Map<string, string[]>();

  constructor(
    /** The rows of the other sheet with one of these names (trimmed). */
    private readonly find: (names: string[]) => Promise<{ id: string; label: string }[]>,
  ) {}

  /** Looks up every name `texts` may hold that was not looked up yet. */
  async learn(texts: readonly string[]): Promise<void> {
    const unknown = [...new Set(texts.flatMap(candidates))].filter((name) => !this.rows.has(name));
    for (const name of unknown) this.rows.set(name, []);
    for (let i = 0; i < unknown.length; i += LOOKUP_CHUNK) {
      for (const row of await this.find(unknown.slice(i, i + LOOKUP_CHUNK))) this.rows.get(row.label)?.push(row.id);
    }
  }

  /** A cell's row ids (after `learn` saw it), or what is wrong with it. */
  read(text: string): LinkCellReading {
    const pieces = piecesOf(text);
    const ids = new Set<string>();
    for (let i = 0; i < pieces.length;) {
      if (!pieces[i].trim()) {
        i += 1;
        continue;
      }
      let next = 0;
      for (let j = Math.min(pieces.length, i + MAX_PIECES_PER_NAME); j > i && !next; j--) {
        const name = pieces.slice(i, j).join(',').trim();
        if (j === i + 1 && UUID.test(name)) {
          ids.add(name.toLowerCase());
          next = j;
          continue;
        }
        const found = this.rows.get(name) ?? [];
        if (found.length > 1) return { ok: false, message: `"${name}" names ${found.length} rows of the linked sheet; write the row's id instead` };
        if (found.length === 1) {
          ids.add(found[0]);
          next = j;
        }
      }
      if (!next) return { ok: false, message: `names no row of the linked sheet: "${pieces[i].trim().slice(0, 100)}"` };
      i = next;
    }
    if (ids.size > MAX_LINKS_PER_CELL) return { ok: false, message: `links ${ids.size} rows; a cell links at most ${MAX_LINKS_PER_CELL}` };
    return { ok: true, ids: [...ids] };
  }
}
