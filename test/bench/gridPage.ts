import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HubDatabase } from '../../schema/src/index';
import { createHubServer } from '../../server/src/http';

/**
 * What the browser benchmarks of the clerk's grid share (bench:grid, bench:grid:trace, bench:grid:ab): how
 * they start Debian's Chromium, the hub they measure with the clerk signed in, and what the page notes.
 *
 * Chromium (156) opens each new browser context in a window of its own, whose omnibox popup (a WebUI page,
 * chrome://omnibox-popup.top-chrome) it loads at once in a renderer of its own, on the same 2 cores as the
 * page measured (up to 600 ms of processor time in a traced cold load), which a clerk's browser spends once,
 * when it starts. These features are turned off unless `omniboxUi` (as docs/benchmarks.md ran before 2026-12-07).
 */
const OMNIBOX_UI = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

export function chromiumArgs(omniboxUi = false): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    ...(omniboxUi ? [] : [`--disable-features=${OMNIBOX_UI.join(',')}`]),
  ];
}

/** The households grid's first data cell: household number of the first row (col 0 is the row numbers). */
export const FIRST_CELL = 'glide-cell-1-0';

/**
 * Notes, in the page, when the first row's text is there (ms since navigation start), so the figure does not
 * depend on how often Playwright polls:
 * - `__shown`, `__drawn`: each text the grid's canvas draws, the start of the animation frame after it was
 *   first drawn (the frame that shows it) and the moment it was drawn (a hook on `fillText`);
 * - `__firstRowsAt`: when the first cell of Glide's accessibility tree (its table for screen readers) first
 *   holds text; Glide rebuilds that table 200 ms after the grid's last change.
 * A string, not a function: tsx would wrap a function's inner functions in a naming helper the page does not have.
 */
export const WATCH_FIRST_ROWS = `
  const observer = new MutationObserver(() => {
    if (window.__firstRowsAt === undefined && document.getElementById(${JSON.stringify(FIRST_CELL)})?.textContent) {
      window.__firstRowsAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  window.__drawn = new Map();
  window.__shown = new Map();
  let pending = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    if (!window.__drawn.has(text)) {
      window.__drawn.set(text, performance.now());
      if (pending.push(text) === 1) {
        requestAnimationFrame((at) => {
          for (const t of pending) window.__shown.set(t, at);
          pending = [];
        });
      }
    }
    return fillText.call(this, text, ...rest);
  };
`;

/** The hub in production mode over `database`, serving the admin build `adminDir`, with the demo's clerk signed in. */
export async function hubForClerk(
  database: HubDatabase,
  adminDir: string,
  password: string,
): Promise<{ url: string; cookie: string; stop: () => Promise<void> }> {
  const hub = await createHubServer({ database, adminDir, production: true, secureCookies: false, logError: (e) => console.error(e) });
  await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
  // Apollo's drain plugin closes the HTTP server
  const stop = () => hub.stop();
  const url = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
  const login = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({
      query: 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }',
      variables: { u: 'clerk', p: password },
    }),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) {
    await stop();
    throw new Error(`the clerk could not sign in: ${await login.text()}`);
  }
  return { url, cookie, stop };
}

/** A township office's link: 2 Mbit/s both ways, 100 ms added to every request. */
const SLOW_LINK = { offline: false, latency: 100, downloadThroughput: 2_000_000 / 8, uploadThroughput: 2_000_000 / 8 };

/** A new browser profile (empty cache) with the clerk's session cookie and the page's notes, over the slow link when `throttled`. */
export async function newProfile(
  browser: Browser,
  url: string,
  cookie: string,
  throttled: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  await context.addInitScript(WATCH_FIRST_ROWS);
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_LINK);
  }
  return { context, page };
}
