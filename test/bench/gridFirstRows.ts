/**
 * `pnpm bench:grid`: how long the demo's township clerk waits for the households grid's first rows, in
 * Chromium, from the start of the navigation to the first row's text in the grid (the grid draws loading
 * cells while it reads, so cells alone prove nothing; the text is what the clerk reads). Two moments:
 * - on the canvas: the frame after the grid's canvas drew the first row's household number (a hook on
 *   `fillText` notes when each text is first drawn, and the next animation frame's start): what she sees;
 * - in the accessibility tree: when the same text is in Glide's table for screen readers (`glide-cell-1-0`),
 *   the figure of the sections before 2026-12-07. Glide updates that table 200 ms after the grid's last
 *   change (a debounce), so it trails the canvas by 200 ms and more, and by whatever renders meanwhile.
 *
 * Four conditions, interleaved round by round so the machine's load falls on all of them alike:
 * - cold: a new browser profile (empty cache), the clerk's session cookie already set (she signed in before);
 * - warm: the same profile navigating to the grid again (cached assets, the hub's answers fresh);
 * each on loopback and over an emulated 2 Mbit/s link with 100 ms latency (CDP Network.emulateNetworkConditions).
 * Prints the median and range of each, and with --waterfall the requests of the last run of each condition.
 *
 * Options: --runs N (default 7), --database-url URL (a database seeded with `pnpm hub seed --demo`, kept;
 * the demo password from HUB_DEMO_PASSWORD or the default), --waterfall, --admin-dir DIR (another build of
 * the admin, e.g. a worktree's of main, measured with this same bench). Needs the built admin
 * (`pnpm --filter @fupin/admin run build:once`) and /usr/bin/chromium (or CHROMIUM_PATH).
 *
 * --omnibox-ui: with Chromium's omnibox popup renderer of each new window, as before 2026-12-07 (chromium.ts).
 */
// the callbacks given to waitForFunction and evaluate run in the browser
/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { connect, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { FIRST_CELL, chromiumArgs, hubForClerk, newProfile } from './gridPage';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'database-url': { type: 'string' },
    waterfall: { type: 'boolean', default: false },
    'admin-dir': { type: 'string' },
    'omnibox-ui': { type: 'boolean', default: false },
  },
  strict: true,
});
const RUNS = Number(values.runs);
const ADMIN_DIR = values['admin-dir'] ?? new URL('../../admin/dist', import.meta.url).pathname;

interface Condition {
  name: string;
  throttled: boolean;
  warm: boolean;
}
const CONDITIONS: Condition[] = [
  { name: 'loopback cold', throttled: false, warm: false },
  { name: 'loopback warm', throttled: false, warm: true },
  { name: '2 Mbit/s + 100 ms cold', throttled: true, warm: false },
  { name: '2 Mbit/s + 100 ms warm', throttled: true, warm: true },
];

interface Loaded {
  /** the frame after the canvas drew the first row's text */
  ms: number;
  /** the first row's text in Glide's accessibility tree */
  a11y: number;
  requests: { name: string; start: number; end: number; bytes: number; encoded: number }[];
  /** the GraphQL operations in the order the page sent them */
  operations: string[];
}

async function openGrid(page: Page, url: string): Promise<Loaded> {
  const operations: string[] = [];
  const onRequest = (request: Request) => {
    const query = request.url().endsWith('/graphql') ? (request.postDataJSON() as { query?: string } | null)?.query : undefined;
    if (query) operations.push(/^\s*(query|mutation)\s+(\w+)/.exec(query)?.[2] ?? query.replace(/\s+/g, ' ').slice(0, 40));
  };
  page.on('request', onRequest);
  await page.goto(`${url}/households`, { waitUntil: 'commit' });
  await page
    .waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt !== undefined, undefined, {
      timeout: 60_000,
      polling: 50,
    })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: '/tmp/gridFirstRows-timeout.png' });
      throw error;
    });
  page.off('request', onRequest);
  // the frame after it is drawn: wait for it (the accessibility tree usually comes later, but not always)
  await page.waitForFunction(
    (cell) => (window as unknown as { __shown: Map<string, number> }).__shown.has(document.getElementById(cell)?.textContent ?? ''),
    FIRST_CELL,
    { timeout: 10_000, polling: 50 },
  );
  const timings = await page.evaluate(
    (cell) => ({
      ms: (window as unknown as { __shown: Map<string, number> }).__shown.get(document.getElementById(cell)!.textContent!)!,
      a11y: (window as unknown as { __firstRowsAt: number }).__firstRowsAt,
      requests: [performance.getEntriesByType('navigation')[0]!, ...performance.getEntriesByType('resource')].map((e) => {
        const r = e as PerformanceResourceTiming;
        return {
          name: r.name.replace(location.origin, ''),
          start: r.startTime,
          end: r.responseEnd,
          bytes: r.decodedBodySize,
          encoded: r.encodedBodySize,
        };
      }),
    }),
    FIRST_CELL,
  );
  return { ...timings, operations };
}

async function measure(browser: Browser, url: string, cookie: string, condition: Condition): Promise<Loaded> {
  const { context, page } = await newProfile(browser, url, cookie, condition.throttled);
  try {
    // warm: the profile has loaded the grid once (assets in its cache); the second visit is measured
    if (condition.warm) await openGrid(page, url);
    return await openGrid(page, url);
  } finally {
    await context.close();
  }
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function printWaterfall(name: string, loaded: Loaded): void {
  console.log(`\n${name}: first rows at ${loaded.ms.toFixed(0)} ms (accessibility tree ${loaded.a11y.toFixed(0)} ms)`);
  for (const r of [...loaded.requests].sort((a, b) => a.start - b.start)) {
    const body =
      r.encoded && r.encoded !== r.bytes
        ? `${(r.encoded / 1024).toFixed(1)} KB (${(r.bytes / 1024).toFixed(1)} KB decoded)`
        : `${(r.bytes / 1024).toFixed(1)} KB`;
    console.log(`  ${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)} ms  ${r.name.slice(0, 60).padEnd(60)} ${body}`);
  }
  console.log(`  GraphQL operations in order: ${loaded.operations.join(', ')}`);
}

async function main() {
  if (!existsSync(`${ADMIN_DIR}/index.html`)) throw new Error('admin/dist is missing: run pnpm --filter @fupin/admin run build:once first');
  const existing = values['database-url'];
  const name = uniqueName('fupin_bench_grid');
  if (!existing) await adminQuery(`create database ${name}`);
  const password = existing ? (process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo') : 'bench-password';
  const database = await connect({ databaseUrl: existing ?? databaseUrl(name), maxConnections: 10 });
  let browser: Browser | undefined;
  let stop = async () => {};
  try {
    await migrateToLatest(database.db);
    if (!existing) {
      const summary = await seedDemo(database.db, { password });
      console.log(`seeded the demo county: ${summary.households} households`);
    }
    const hub = await hubForClerk(database, ADMIN_DIR, password);
    stop = hub.stop;
    const { url, cookie } = hub;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs(values['omnibox-ui']),
    });
    // one unmeasured load: the hub's first requests compile and cache what later ones reuse
    await measure(browser, url, cookie, CONDITIONS[0]!);

    const times = new Map<string, number[]>(CONDITIONS.map((c) => [c.name, []]));
    const a11y = new Map<string, number[]>(CONDITIONS.map((c) => [c.name, []]));
    const last = new Map<string, Loaded>();
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const condition of CONDITIONS) {
        const loaded = await measure(browser, url, cookie, condition);
        times.get(condition.name)!.push(loaded.ms);
        a11y.get(condition.name)!.push(loaded.a11y);
        last.set(condition.name, loaded);
      }
      loads.push(loadavg()[0]!);
    }

    console.log(
      `\nclerk's households grid, navigation start → first row's text (${RUNS} runs, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}${values['omnibox-ui'] ? ', with the omnibox UI' : ''})`,
    );
    console.log(`| condition | on the canvas: median | min | max | in the accessibility tree: median | min | max |`);
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const condition of CONDITIONS) {
      const sorted = times.get(condition.name)!.sort((a, b) => a - b);
      const tree = a11y.get(condition.name)!.sort((a, b) => a - b);
      console.log(
        `| ${condition.name} | ${median(sorted).toFixed(0)} ms | ${sorted[0]!.toFixed(0)} ms | ${sorted.at(-1)!.toFixed(0)} ms | ${median(tree).toFixed(0)} ms | ${tree[0]!.toFixed(0)} ms | ${tree.at(-1)!.toFixed(0)} ms |`,
      );
    }
    if (values.waterfall) for (const [condition, loaded] of last) printWaterfall(condition, loaded);
  } finally {
    await browser?.close();
    await stop();
    await database.close();
    if (!existing) await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

await main();
