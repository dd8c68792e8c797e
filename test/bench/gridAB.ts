/**
 * `pnpm bench:grid:ab`: two builds of the admin side by side, for a change to the clerk's first grid rows that
 * the machine's load would hide in `pnpm bench:grid`. Cold loads of the households grid (new profiles), from
 * build a and build b served by two hubs in this one process over one database, alternated load by load
 * (a b, b a, …). For each: the first row's text drawn on the canvas and in the accessibility tree (as in
 * bench:grid), and the page's main thread's processor time from the navigation to the canvas's text (thread
 * time of its tasks in a light Chromium trace), which the other processes on the 2 cores barely move.
 *
 *   pnpm bench:grid:ab --database-url URL --a DIR --b DIR [--runs 10] [--throttled]
 *
 * DIR: an admin build (admin/dist of a worktree, or a copy of it). The clerk's password is the demo's.
 */
/// <reference lib="dom" />
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { connect } from '../../schema/src/index';
import { FIRST_CELL, chromiumArgs, hubForClerk, newProfile } from './gridPage';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    runs: { type: 'string', default: '10' },
    throttled: { type: 'boolean', default: false },
  },
  strict: true,
});

async function load(browser: Browser, url: string, cookie: string) {
  const { context, page } = await newProfile(browser, url, cookie, !!values.throttled);
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  await page.goto(`${url}/households`, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt !== undefined, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const r = await page.evaluate((cell) => {
    const w = window as unknown as { __firstRowsAt: number; __drawn: Map<string, number> };
    return { a11y: w.__firstRowsAt, canvas: w.__drawn.get(document.getElementById(cell)?.textContent ?? '') ?? NaN };
  }, FIRST_CELL);
  const events = (
    JSON.parse((await browser.stopTracing()).toString()) as {
      traceEvents: {
        name: string;
        ph: string;
        ts: number;
        dur?: number;
        tdur?: number;
        pid: number;
        tid: number;
        args?: { data?: { documentLoaderURL?: string } };
      }[];
    }
  ).traceEvents;
  await context.close();
  // the main thread's processor time from the navigation to the canvas's first row text
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.endsWith('/households'));
  let cpu = NaN;
  if (nav) {
    const end = nav.ts + r.canvas * 1000;
    cpu = 0;
    for (const e of events) {
      if (e.name !== 'ThreadControllerImpl::RunTask' || e.pid !== nav.pid || e.tid !== nav.tid || e.ph !== 'X') continue;
      if (e.ts + (e.dur ?? 0) < nav.ts || e.ts > end) continue;
      const wall = e.dur ?? 0;
      const inside = Math.min(e.ts + wall, end) - Math.max(e.ts, nav.ts);
      cpu += wall > 0 ? ((e.tdur ?? 0) * inside) / wall : 0;
    }
    cpu /= 1000;
  }
  return { ...r, cpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main() {
  const database = await connect({ databaseUrl: values['database-url']!, maxConnections: 10 });
  const hubs = await Promise.all(
    [values.a!, values.b!].map(async (adminDir) => {
      const hub = await hubForClerk(database, adminDir, process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo');
      return {
        ...hub,
        canvas: [] as number[],
        a11y: [] as number[],
        cpu: [] as number[],
      };
    }),
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs(),
  });
  const loads: number[] = [];
  try {
    for (const h of hubs) await load(browser, h.url, h.cookie);
    for (let run = 0; run < Number(values.runs); run++) {
      for (const h of run % 2 ? [...hubs].reverse() : hubs) {
        const r = await load(browser, h.url, h.cookie);
        h.canvas.push(r.canvas);
        h.a11y.push(r.a11y);
        h.cpu.push(r.cpu);
      }
      loads.push(loadavg()[0]!);
    }
    console.log(
      `load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}${values.throttled ? ', 2 Mbit/s + 100 ms' : ', loopback'}, cold`,
    );
    for (const [i, h] of hubs.entries()) {
      console.log(
        `${i ? 'b' : 'a'}: canvas (drawn) ${median(h.canvas).toFixed(0)} ms [${h.canvas.map((x) => x.toFixed(0)).join(' ')}]  a11y ${median(h.a11y).toFixed(0)} ms  main-thread cpu ${median(h.cpu).toFixed(0)} ms [${h.cpu.map((x) => x.toFixed(0)).join(' ')}]`,
      );
    }
    const ratio = hubs[0]!.canvas.map((x, i) => hubs[1]!.canvas[i]! / x);
    console.log(`b/a canvas per pair: median ${median(ratio).toFixed(3)}`);
    const cpuRatio = hubs[0]!.cpu.map((x, i) => hubs[1]!.cpu[i]! / x);
    console.log(`b/a main-thread cpu per pair: median ${median(cpuRatio).toFixed(3)}`);
  } finally {
    await browser.close();
    for (const h of hubs) await h.stop();
    await database.close();
  }
}

await main();
