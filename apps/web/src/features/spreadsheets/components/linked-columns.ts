import { rollupChoices, type Column, type FormulaResultType, type RollupFunction, type Spreadsheet } from '@contrivance/contracts';

/** How each rollup function is named to people. */
export const ROLLUP_LABELS: Record<RollupFunction, string> = {
  sum: 'Sum',
  avg: 'Average',
  min: 'Smallest (min)',
  max: 'Largest (max)',
  count: 'Count of linked rows',
  counta: 'Count of filled values',
  arrayjoin: 'List of the values',
  and: 'All checked (and)',
  or: 'Any checked (or)',
};

/** What Add column picks for a link, lookup or rollup column, as one flat set (only those of the chosen type are sent). */
export interface LinkedPicks {
  sheetId: string;
  linkColumnId: string;
  columnId: string;
  fn: RollupFunction | '';
}

export const NO_PICKS: LinkedPicks = { sheetId: '', linkColumnId: '', columnId: '', fn: '' };

/** The sheets a link may point to: other sheets this person can edit (the API needs edit access to both). */
export function linkableSheets(sheets: readonly Spreadsheet[], sheetId: string): Spreadsheet[] {
  return sheets.filter((s) => s.id !== sheetId && s.myRole !== 'viewer');
}

/** The link columns of a sheet: what lookups and rollups read through. */
export const linkColumns = (columns: readonly Column[]): Column[] => columns.filter((c) => c.type === 'link' && c.link);

/** The fields of a linked sheet a lookup or rollup may read (the API refuses links, lookups and rollups of another sheet). */
export const readableFields = (columns: readonly Column[]): Column[] => columns.filter((c) => c.type !== 'link' && c.type !== 'lookup' && c.type !== 'rollup');

/** The rollup functions a field accepts, each with its label and the type its values come out as. */
export function functionChoices(field: Column | undefined): { fn: RollupFunction; label: string; type: FormulaResultType }[] {
  return field ? rollupChoices(field).map((choice) => ({ ...choice, label: ROLLUP_LABELS[choice.fn] })) : [];
}

/** The first pick still missing for a column of `type`, with what to do, under the field the API would name. */
export function missingPick(type: string, picks: LinkedPicks): { field: string; message: string } | null {
  if (type === 'link') return picks.sheetId ? null : { field: 'link.sheetId', message: 'Choose the sheet to link to' };
  if (type !== 'lookup' && type !== 'rollup') return null;
  if (!picks.linkColumnId) return { field: `${type}.linkColumnId`, message: 'Choose the link column to read through' };
  if (!picks.columnId) return { field: `${type}.columnId`, message: 'Choose the field of the linked sheet' };
  if (type === 'rollup' && !picks.fn) return { field: 'rollup.fn', message: 'Choose how to roll the values up' };
  return null;
}

/** The settings a new column of `type` is created with (none for other types: the API refuses them there). */
export function linkedSettings(type: string, picks: LinkedPicks) {
  if (type === 'link') return { link: { sheetId: picks.sheetId } };
  if (type === 'lookup') return { lookup: { linkColumnId: picks.linkColumnId, columnId: picks.columnId } };
  if (type === 'rollup' && picks.fn) return { rollup: { linkColumnId: picks.linkColumnId, columnId: picks.columnId, fn: picks.fn } };
  return {};
}

/** What a new link did to the other sheet, said once it is made: "Also added “Deals” to Companies." */
export function reverseNotice(link: Column, other: Spreadsheet | undefined): string | null {
  const reverse = other?.columns.find((c) => c.id === link.link?.reverseColumnId);
  return other && reverse ? `Also added “${reverse.name}” to ${other.name}, linking back.` : null;
}
