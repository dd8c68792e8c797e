/**
 * `pnpm bench:grid:trace`: where one cold load of the clerk's households grid spends its time, from the
 * navigation to the first row's text (the moment `pnpm bench:grid` measures). One loopback cold load (a new
 * browser profile) under Chromium's tracing (the main thread's tasks) and V8's sampling profiler, printed as:
 *
 * - the main thread's tasks of 2 ms and more, in order (the script evaluated, the timer or the answer that
 *   ran, layout, paint), with the requests the page sent and their answers between them;
 * - the profile's self time from the first script to the first rows by what ran: the package (react-dom,
 *   @mui/material, @emotion/*, react-admin, ra-core, glide-data-grid, the admin's own src/…), from the build's
 *   source maps when `admin/dist/assets/*.map` exist (`pnpm --filter @fupin/admin exec vite build --sourcemap
 *   hidden`: the same code, no reference to the maps in it), else by chunk; and the heaviest functions.
 *
 * Options: --database-url URL (a demo county, kept), --runs N (traced loads; the summary is the last one's),
 * --top N (functions listed, default 25). Needs /usr/bin/chromium (or CHROMIUM_PATH) and the built admin.
 */
/// <reference lib="dom" />
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { connect, migrateToLatest } from '../../schema/src/index';
import { FIRST_CELL, chromiumArgs, hubForClerk, newProfile } from './gridPage';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '1' },
    top: { type: 'string', default: '25' },
    save: { type: 'string' },
    summarise: { type: 'string' },
  },
  strict: true,
});
const ADMIN_DIR = new URL('../../admin/dist', import.meta.url).pathname;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown>; name?: string; [key: string]: unknown };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  parent?: number;
}

/** The CPU profile carried by a trace (`Profile` and `ProfileChunk` events): of the thread's profiles, the page's. */
function profileOf(events: TraceEvent[], pid: number, tid: number) {
  let best = { nodes: new Map<number, ProfileNode>(), samples: [] as { ts: number; node: number }[], page: 0 };
  for (const start of events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid)) {
    const nodes = new Map<number, ProfileNode>();
    const samples: { ts: number; node: number }[] = [];
    let ts = (start.args?.data?.startTime as number | undefined) ?? start.ts;
    const id = (start as unknown as { id: string }).id;
    for (const e of events) {
      if (e.name !== 'ProfileChunk' || e.pid !== pid || (e as unknown as { id: string }).id !== id) continue;
      const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
      for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
      (data.cpuProfile?.samples ?? []).forEach((node, i) => {
        ts += data.timeDeltas?.[i] ?? 0;
        samples.push({ ts, node });
      });
    }
    const page = [...nodes.values()].filter((n) => n.callFrame.url?.includes('/assets/')).length;
    if (page > best.page) best = { nodes, samples, page };
  }
  return best;
}

/** A source map's segments by generated line: [column, source, line, name], sorted by column. */
type SourceMap = { sources: string[]; names: string[]; lines: number[][][] };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a version 3 source map's `mappings` (base64 VLQ, fields relative to the previous segment). */
function decodeMap(json: { sources: string[]; names: string[]; mappings: string }): SourceMap {
  const lines: number[][][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const line of json.mappings.split(';')) {
    state[0] = 0;
    const segments: number[][] = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      fields.forEach((f, i) => (state[i]! += f));
      segments.push(state.slice(0, fields.length));
    }
    lines.push(segments);
  }
  return { sources: json.sources, names: json.names, lines };
}

/** The original source, line and name of a generated position (line 1-based, column 0-based). */
function originalPositionFor(map: SourceMap, { line, column }: { line: number; column: number }) {
  const segments = map.lines[line - 1] ?? [];
  let found: number[] | undefined;
  for (const s of segments) {
    if (s[0]! > column) break;
    found = s;
  }
  if (!found || found.length < 4) return { source: undefined, line: 0, name: undefined };
  return { source: map.sources[found[1]!], line: found[2]! + 1, name: found.length > 4 ? map.names[found[4]!] : undefined };
}

/** Source maps of the built chunks, by URL path (`/assets/mui-….js`), when the build wrote them. */
function sourceMaps(): Map<string, SourceMap> {
  const maps = new Map<string, SourceMap>();
  const assets = `${ADMIN_DIR}/assets`;
  for (const file of readdirSync(assets)) {
    if (file.endsWith('.js.map'))
      maps.set(`/assets/${file.slice(0, -4)}`, decodeMap(JSON.parse(readFileSync(`${assets}/${file}`, 'utf8'))));
  }
  return maps;
}

/** What ran: the package of a source (node_modules/.pnpm/…/node_modules/@mui/material/… → @mui/material), or the admin's file. */
function packageOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const [scope, name] = source.slice(nm + 'node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const src = source.indexOf('src/');
  return src >= 0 ? source.slice(src) : source;
}

function frameOf(node: ProfileNode, maps: Map<string, SourceMap>): { what: string; fn: string } {
  const { url = '', functionName, lineNumber, columnNumber } = node.callFrame;
  if (!url) return { what: functionName || '(anonymous)', fn: functionName || '(anonymous)' };
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  const map = maps.get(path);
  if (map && lineNumber >= 0) {
    const at = originalPositionFor(map, { line: lineNumber + 1, column: Math.max(columnNumber, 0) });
    if (at.source) {
      const what = packageOf(at.source);
      return {
        what,
        fn: `${at.name ?? functionName ?? '?'} (${what}${what.startsWith('src/') ? '' : ' ' + at.source.split('/').slice(-1)[0]}:${at.line})`,
      };
    }
  }
  return { what: path.replace(/-[\w-]{8}\.js$/, '.js'), fn: `${functionName || '(anonymous)'} ${path}:${lineNumber + 1}` };
}

async function tracedLoad(browser: Browser, url: string, cookie: string) {
  const { context, page } = await newProfile(browser, url, cookie, false);
  const requests: { name: string; start: number; end: number; encoded: number }[] = [];
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'blink.user_timing',
      'v8.execute',
      'v8',
      'disabled-by-default-v8.cpu_profiler',
      'loading',
      'toplevel',
    ],
  });
  await page.goto(`${url}/households`, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __firstRowsAt?: number }).__firstRowsAt !== undefined, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const firstRows = await page.evaluate(() => (window as unknown as { __firstRowsAt: number }).__firstRowsAt);
  // the canvas drew the first row's household number (the same text as the accessibility tree's cell)
  const drawn = await page.evaluate(
    (cell) => (window as unknown as { __drawn: Map<string, number> }).__drawn.get(document.getElementById(cell)?.textContent ?? ''),
    FIRST_CELL,
  );
  console.log(`first row's text drawn on the canvas at ${drawn?.toFixed(0)} ms, in the accessibility tree at ${firstRows.toFixed(0)} ms`);
  const operations = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name.replace(location.origin, ''), start: r.startTime, end: r.responseEnd, encoded: r.encodedBodySize };
    }),
  );
  requests.push(...operations);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await context.close();
  return { firstRows, drawn, requests, events: trace.traceEvents };
}

function summarise(
  events: TraceEvent[],
  firstRows: number,
  drawn: number | undefined,
  requests: { name: string; start: number; end: number; encoded: number }[],
  top: number,
) {
  // the page's main thread: the renderer thread that evaluated the admin's scripts
  const evaluated = events.find(
    (e) => ['EvaluateScript', 'v8.compileModule'].includes(e.name) && String(e.args?.data?.url ?? '').includes('/assets/'),
  );
  if (!evaluated) throw new Error('no script of the admin was evaluated in the trace');
  const { pid, tid } = evaluated;
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === pid);
  if (!nav) throw new Error('no navigationStart in the trace');
  const t0 = nav.ts;
  const ms = (ts: number) => (ts - t0) / 1000;
  const end = t0 + firstRows * 1000;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= t0 && e.ts <= end);
  const tasks = main.filter((e) => e.name === 'RunTask').sort((a, b) => a.ts - b.ts);

  // what each task was: its longest direct piece of work by name (script, timer, answer, layout…)
  const label = (task: TraceEvent): string => {
    const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0));
    const parts = new Map<string, number>();
    for (const e of inside) {
      let name = e.name;
      if (['RunTask', 'ThreadControllerImpl::RunTask', 'v8.run', 'V8.GCScavenger', 'MajorGC', 'MinorGC'].includes(name)) continue;
      const data = e.args?.data ?? {};
      if (name === 'EvaluateScript' || name === 'v8.compile' || name === 'v8.compileModule' || name === 'v8.evaluateModule') {
        const u = String(data.url ?? data.fileName ?? '')
          .replace(/^https?:\/\/[^/]+/, '')
          .replace(/-[\w-]{8}\.js$/, '.js');
        name = `${name} ${u}`;
      } else if (name === 'FunctionCall') {
        name = `FunctionCall ${String(data.functionName ?? '') || ''}`.trim();
      } else if (name === 'TimerFire' || name === 'FireAnimationFrame' || name === 'EventDispatch') {
        name = `${name}${data.type ? ` ${String(data.type)}` : ''}`;
      }
      if (
        [
          'EvaluateScript',
          'FunctionCall',
          'TimerFire',
          'FireAnimationFrame',
          'EventDispatch',
          'RunMicrotasks',
          'Layout',
          'UpdateLayoutTree',
          'Paint',
          'ParseHTML',
          'ResourceReceivedData',
          'ResourceFinish',
          'v8.compile',
          'v8.compileModule',
          'v8.evaluateModule',
          'XHRReadyStateChange',
          'ParseAuthorStyleSheet',
          'PrePaint',
          'Layerize',
          'Commit',
        ].some((n) => name.startsWith(n))
      )
        parts.set(name, (parts.get(name) ?? 0) + (e.dur ?? 0));
    }
    return [...parts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`)
      .join(' · ');
  };

  const lines: { at: number; text: string }[] = [];
  let busy = 0;
  for (const task of tasks) {
    const d = (task.dur ?? 0) / 1000;
    busy += d;
    if (d >= 2) lines.push({ at: ms(task.ts), text: `task ${d.toFixed(0).padStart(4)} ms  ${label(task)}` });
  }
  for (const r of requests) {
    const name = r.name.replace(/-[\w-]{8}\.js$/, '.js');
    lines.push({ at: r.start, text: `  → ${name} sent` });
    lines.push({ at: r.end, text: `  ← ${name} in (${(r.encoded / 1024).toFixed(1)} KB)` });
  }
  if (drawn !== undefined) lines.push({ at: drawn, text: "*** the first row's text drawn on the canvas" });
  lines.sort((a, b) => a.at - b.at);
  console.log(`\nmain thread, navigation → first rows at ${firstRows.toFixed(0)} ms (tasks ≥ 2 ms; busy ${busy.toFixed(0)} ms in all):`);
  for (const l of lines) console.log(`${l.at.toFixed(0).padStart(6)}  ${l.text}`);

  // the profile: self time per package and per function, from the first script's evaluation to the first rows
  const { nodes, samples } = profileOf(events, pid, tid);
  const maps = sourceMaps();
  const frames = new Map<number, { what: string; fn: string }>();
  const frame = (node: ProfileNode) => {
    let f = frames.get(node.id);
    if (!f) frames.set(node.id, (f = frameOf(node, maps)));
    return f;
  };
  /** self time by what ran and by function, and inclusive time by component (the admin's, react-admin's, MUI's) */
  const tally = (from: number, to: number) => {
    const bySelf = new Map<string, number>();
    const byFn = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < samples.length - 1; i++) {
      const s = samples[i]!;
      if (s.ts < from || s.ts > to) continue;
      const dt = Math.min(samples[i + 1]!.ts - s.ts, 5_000) / 1000;
      const node = nodes.get(s.node);
      if (!node || node.callFrame.functionName === '(idle)') continue;
      const f = frame(node);
      total += dt;
      bySelf.set(f.what, (bySelf.get(f.what) ?? 0) + dt);
      byFn.set(f.fn, (byFn.get(f.fn) ?? 0) + dt);
      const seen = new Set<string>();
      for (let n: ProfileNode | undefined = node; n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) {
        const up = frame(n);
        if (!/^(src\/|ra-ui-materialui|ra-core|@mui\/material|react-admin|@glideapps)/.test(up.what) || !/^[A-Z]/.test(up.fn)) continue;
        if (seen.has(up.fn)) continue;
        seen.add(up.fn);
        inclusive.set(up.fn, (inclusive.get(up.fn) ?? 0) + dt);
      }
    }
    return { total, bySelf, byFn, inclusive };
  };
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, d]) => `  ${d.toFixed(0).padStart(6)} ms  ${k}`)
      .join('\n');
  // parents link to children in the trace's nodes: set each child's parent
  for (const node of nodes.values())
    for (const child of (node as unknown as { children?: number[] }).children ?? []) nodes.get(child)!.parent ??= node.id;

  const all = tally(evaluated.ts, end);
  console.log(
    `\nprofile, first script (${ms(evaluated.ts).toFixed(0)} ms) → first rows: ${all.total.toFixed(0)} ms not idle; self time by what ran${maps.size ? ' (source maps)' : ' (no source maps: by chunk)'}:`,
  );
  console.log(list(all.bySelf, 30));
  console.log(`\nheaviest functions (self time):`);
  console.log(list(all.byFn, top));
  console.log(`\ncomponents and hooks by inclusive time (the admin's, react-admin's, MUI's, Glide's):`);
  console.log(list(all.inclusive, top));
  for (const task of tasks.filter((t) => (t.dur ?? 0) >= 40_000)) {
    const part = tally(task.ts, task.ts + (task.dur ?? 0));
    console.log(`\ntask at ${ms(task.ts).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(0)} ms: by what ran`);
    console.log(list(part.bySelf, 12));
    console.log('  inclusive:');
    console.log(list(part.inclusive, 15));
  }
}

async function main() {
  if (values.summarise) {
    const saved = JSON.parse(readFileSync(values.summarise, 'utf8')) as Awaited<ReturnType<typeof tracedLoad>>;
    return summarise(saved.events, saved.firstRows, saved.drawn, saved.requests, Number(values.top));
  }
  if (!existsSync(`${ADMIN_DIR}/index.html`)) throw new Error('admin/dist is missing: run pnpm --filter @fupin/admin run build:once first');
  const databaseUrl = values['database-url'];
  if (!databaseUrl) throw new Error('--database-url: a database seeded with pnpm hub seed --demo');
  const database = await connect({ databaseUrl, maxConnections: 10 });
  let browser: Browser | undefined;
  let stop = async () => {};
  try {
    await migrateToLatest(database.db);
    const hub = await hubForClerk(database, ADMIN_DIR, process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo');
    stop = hub.stop;
    const { url, cookie } = hub;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...chromiumArgs(), ...(process.env.CHROMIUM_FLAGS?.split(' ').filter(Boolean) ?? [])],
    });
    let last: Awaited<ReturnType<typeof tracedLoad>> | undefined;
    const runs = Number(values.runs);
    // one untraced load first: the hub's first requests compile and cache what later ones reuse
    for (let run = 0; run <= runs; run++) {
      last = await tracedLoad(browser, url, cookie);
      if (run > 0)
        console.log(`traced load ${run}: first rows at ${last.firstRows.toFixed(0)} ms (load average ${loadavg()[0]!.toFixed(1)})`);
    }
    if (values.save) writeFileSync(values.save, JSON.stringify(last));
    summarise(last!.events, last!.firstRows, last!.drawn, last!.requests, Number(values.top));
  } finally {
    await browser?.close();
    await stop();
    await database.close();
  }
}

await main();
