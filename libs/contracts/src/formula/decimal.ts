/**
 * Numbers in formulas have 15 significant digits, as in spreadsheets: every arithmetic step is rounded to them, here
 * and in the SQL (through float8, whose text form has 15 digits), so both compute the same numbers.
 *
 * Decimal views of JavaScript numbers, so the reference evaluator rounds and prints numbers the way PostgreSQL's exact
 * `numeric` does: a number is read as its 15 significant digits (the precision a double holds for sure), which turns
 * 0.1 + 0.2 back into 0.3 before it is rounded, compared or printed.
 */

interface Decimal {
  negative: boolean;
  /** value = digits × 10^-scale */
  digits: bigint;
  scale: number;
}

/** Nearest with ties toward +∞ (ROUND), nearest with ties away from zero (PostgreSQL's round()), away from zero, toward zero. */
export type RoundMode = 'half' | 'halfAway' | 'up' | 'down';

/** The number at 15 significant digits (NaN and infinities as they are). */
export function clean(value: number): number {
  if (!Number.isFinite(value)) return value;
  const result = Number(value.toPrecision(15));
  // Below 1e-300 is 0 (PostgreSQL rounds to 300 decimals before it goes through float8, which would underflow).
  return Math.abs(result) < 5e-301 ? 0 : result;
}

function toDecimal(value: number): Decimal {
  const [mantissa, exponent = '0'] = Math.abs(value).toPrecision(15).split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  let digits = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { negative: value < 0, digits, scale };
}

/** Rounds to `places` decimals (negative: to tens, hundreds…). */
function roundDecimal(d: Decimal, places: number, mode: RoundMode): Decimal {
  if (d.scale <= places) return d;
  const divisor = 10n ** BigInt(d.scale - places);
  let digits = d.digits / divisor;
  const rest = d.digits % divisor;
  // Ties go toward +∞ (Airtable's ROUND): up in magnitude for positives, down for negatives.
  const half = mode === 'half' && d.negative ? rest * 2n > divisor : rest * 2n >= divisor;
  if (((mode === 'half' || mode === 'halfAway') && half) || (mode === 'up' && rest > 0n)) digits += 1n;
  return { negative: d.negative, digits, scale: places };
}

export function roundNumber(value: number, places: number, mode: RoundMode): number {
  const d = roundDecimal(toDecimal(value), places, mode);
  const result = Number(`${d.negative ? '-' : ''}${d.digits}e${-d.scale}`);
  return result === 0 ? 0 : result;
}

/** A number as text: its 15 significant digits at most 10 decimals, no trailing zeros, never an exponent (PostgreSQL: `trim_scale(round(x::float8::numeric, 10))::text`). */
export function numberText(value: number): string {
  const d = roundDecimal(toDecimal(value), 10, 'halfAway');
  if (d.digits === 0n) return '0';
  let text = d.digits.toString();
  if (d.scale < 0) text += '0'.repeat(-d.scale);
  else if (d.scale > 0) {
    text = text.padStart(d.scale + 1, '0');
    text = `${text.slice(0, -d.scale)}.${text.slice(-d.scale)}`.replace(/\.?0+$/, '');
  }
  return (d.negative ? '-' : '') + text;
}
