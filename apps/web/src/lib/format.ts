const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A short local date for an ISO timestamp. */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** A local date and time for an ISO timestamp. */
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

const countFormat = new Intl.NumberFormat();

/** A count with its noun, grouped for reading ("100,024 rows", "1 row"). */
export const formatCount = (count: number, one: string, many = `${one}s`) => `${countFormat.format(count)} ${count === 1 ? one : many}`;
