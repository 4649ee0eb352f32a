const currency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const compactCurrency = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export const money = (n: number) => currency.format(n);
export const compactMoney = (n: number) => compactCurrency.format(n);
/** `2026-12` → "Dec 2026". */
export const monthLabel = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
export const dayLabel = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
export const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
