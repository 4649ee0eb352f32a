/**
 * Row positions are numbers that JSON carries exactly: every stored position is a double, written to PostgreSQL's
 * numeric as its shortest round-trip decimal (`String(x)`), so `Number()` of what the database returns is the same
 * double and two rows never look equal to a client. New rows go between their neighbours; when two neighbours are
 * too close for more doubles between them, the rows right after the gap are spread out (renumbered) first.
 */

/** The smallest gap kept between positions: far above a double's resolution for any position below 10^9. */
export const MIN_GAP = 1e-6;

/** `n` positions strictly between `low` and `high`, evenly spaced, or null when they would be closer than MIN_GAP. */
export function spread(low: number, high: number, n: number): number[] | null {
  const step = (high - low) / (n + 1);
  if (!(step >= MIN_GAP)) return null;
  return Array.from({ length: n }, (_, i) => low + step * (i + 1));
}

/**
 * Where to put `n` new rows after `low` when the rows that follow it (`following`, in order, their positions) leave
 * too little room: the fewest of those rows are moved, spread evenly with the new ones up to the first row that can
 * stay. `end` is the position to spread up to when every listed row has to move (the sheet's end, or a last resort).
 * Null when even that is too tight (the caller renumbers the whole sheet).
 */
export function respread(low: number, following: number[], n: number, end: number): { fresh: number[]; moved: number[] } | null {
  for (let moving = 1; moving <= following.length; moving += 1) {
    const bound = moving < following.length ? following[moving] : end;
    const slots = spread(low, bound, n + moving);
    if (slots) return { fresh: slots.slice(0, n), moved: slots.slice(n) };
  }
  return null;
}

/** A position as numeric text: the double's shortest round-trip form (never exponent notation for our range). */
export function positionText(position: number): string {
  if (!Number.isFinite(position)) throw new Error('position is not a finite number');
  const text = String(position);
  return /e/i.test(text) ? position.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : text;
}
