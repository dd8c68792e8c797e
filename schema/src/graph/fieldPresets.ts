/** Options the areas' field specs share (graph/fields.ts), said once. */

/** A year the hub keeps: the tables check the same bounds. */
export const YEAR = { min: 2000, max: 2100 } as const;

/** A field records are known by: never empty, and lists filter and sort on it. */
export const KEY = { required: true, filter: true, sort: true } as const;
