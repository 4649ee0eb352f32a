const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A short local date for an ISO timestamp. */
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** A local date and time for an ISO timestamp. */
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
