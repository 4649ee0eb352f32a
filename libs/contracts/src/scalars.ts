// Names for the strings and numbers the API's shapes are made of. To TypeScript they are plain `string` and `number`;
// their JSDoc tags become the formats of the generated JSON schemas (scripts/write-schemas.mjs), so the types are
// the one place a response field's format is written.

// An id.
/**
 * @format uuid
 * @example "3f2c6f1e-8a4b-4d2e-9c71-5b0e2a9d4c10"
 */
export type Uuid = string;

// An ISO-8601 UTC time.
/**
 * @format date-time
 * @example "2026-11-27T09:30:00.000Z"
 */
export type IsoDateTime = string;

// A calendar day, `YYYY-MM-DD`.
/** @format date */
export type IsoDate = string;

/** @format email */
export type Email = string;

// An absolute URL.
/** @format uri */
export type Uri = string;

/** @asType integer */
export type Integer = number;

// A count or a place in a list: a whole number, 0 or more.
/**
 * @asType integer
 * @minimum 0
 */
export type Count = number;
