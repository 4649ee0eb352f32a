/**
 * The grid and the summaries bar keep the API's query parameters as URLSearchParams (the same ones go into exports and
 * links); these read them back into the typed query objects of the SDK's functions. An absent parameter is undefined.
 */
export const stringParam = (params: URLSearchParams, name: string): string | undefined => params.get(name) ?? undefined;

/** A repeatable parameter (`sort`, `filter`, `fn`…): every value, in order. */
export const listParam = (params: URLSearchParams, name: string): string[] | undefined => {
  const values = params.getAll(name);
  return values.length ? values : undefined;
};

export const numberParam = (params: URLSearchParams, name: string): number | undefined => {
  const value = params.get(name);
  return value === null ? undefined : Number(value);
};

export const booleanParam = (params: URLSearchParams, name: string): boolean | undefined => {
  const value = params.get(name);
  return value === null ? undefined : value === 'true';
};
