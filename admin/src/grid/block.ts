/**
 * Rows fetched per request as the grid scrolls: a screenful is ~25 rows, so one request serves many screens.
 * A module of its own, without react-admin: the page's first script (boot.ts) asks for a list's first block.
 */
export const BLOCK = 200;
