import { useEffect, useSyncExternalStore } from 'react';

/**
 * The grid first. When the page is loaded on a list (`/households`), what the first rows do not need — the
 * menu's entries, the list's filter bar (its inputs and the three pick lists they ask the hub for), the app
 * bar's language and user menus — is rendered once the grid has drawn its first rows, not before them: on
 * a township's machine their rendering (MUI's inputs and menu items, their styles) held the rows back.
 * Their places are kept: the menu's drawer is there, empty, and the list's toolbar is as high as its filter bar
 * was the last time at this window width (GridList.tsx; the first time in a browser the grid moves down once).
 *
 * Anywhere else (the dashboard, a record's page, the login page) nothing waits; and on a list page the rest
 * comes anyway as soon as the grid has nothing to draw (no rows, an error), when it unmounts, or when no grid
 * is on the page (a list that is not a grid: imports, users, tokens; another page navigated to), and at the latest
 * after five seconds.
 */

/** A list's path (`/households`): the page opens on a grid when the list is a record type's. */
const LIST_PATH = /^\/(\w+)\/?$/;
/** The rest comes by this time after the page's scripts ran, whatever the grid does (a very slow hub, say). */
const AT_THE_LATEST_MS = 5_000;

const firstPath = typeof location === 'undefined' ? '' : location.pathname;
let restShown = !LIST_PATH.test(firstPath) || firstPath === '/login';
const listeners = new Set<() => void>();
if (!restShown) setTimeout(showRest, AT_THE_LATEST_MS);

/** Renders what waited for the grid's first rows (once a page load; later pages never wait). */
export function showRest(): void {
  if (restShown) return;
  restShown = true;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether what waits for the grid's first rows may render now (true at once except on a page loaded on a list). */
export function useRestShown(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => restShown,
    () => true,
  );
}

/**
 * For the grid: `ready` once its canvas is mounted with the first rows read (or nothing to draw: no rows, an
 * error). Glide sizes the canvas in the next frame and draws the rows in the task after it; the rest comes
 * once the frame after that, the one that shows the rows, is painted. Unmounting first lets the rest come too.
 */
export function useGridFirst(ready: boolean): void {
  useEffect(() => () => showRest(), []);
  useEffect(() => {
    if (!ready || restShown) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        timer = setTimeout(showRest, 0);
      });
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready]);
}

/**
 * For the layout: the rest comes at once when the page is not the grid it was loaded on — another page
 * navigated to, a list that is not a record type's (imports, users, tokens: no grid), or no metadata to
 * draw a grid from (`recordTypes`: the lists that are grids, undefined while being read).
 */
export function useNoGridNoWait(pathname: string, recordTypes: Record<string, unknown> | undefined, failed: boolean): void {
  useEffect(() => {
    if (restShown) return;
    const list = LIST_PATH.exec(pathname)?.[1];
    if (pathname !== firstPath || failed || (recordTypes && !(list && list in recordTypes))) showRest();
  }, [pathname, recordTypes, failed]);
}
