/**
 * The plans of an export's first two pages and its last as a user runs it (scope, row security), with what they read:
 * `DATABASE_URL=… npx tsx test/bench/explainExport.ts USER [LIST [FILTER]]` (LIST: members by default; FILTER: the
 * list's filter as JSON, `'{"countyId":"Q291bnR5OjEy"}'`). The export
 * runs whole (into nothing; it writes its two audit rows), its page statements are caught as sent, then the first
 * two and the last are explained (analyze, buffers) in a read-only transaction as the same user, and every page is
 * run again under `explain analyze` for the sum of their execution times.
 */
import pg from 'pg';
import { Writable } from 'node:stream';
import { CompiledQuery } from 'kysely';
import { asViewer, connect, hubContext, prepareExport, viewerNamed } from '../../schema/src/index';
import { resources } from '../../schema/src/graph/registry';

const [user, list = 'members', filter] = process.argv.slice(2);
if (!user || !process.env.DATABASE_URL) throw new Error('usage: DATABASE_URL=… tsx test/bench/explainExport.ts USER [LIST [FILTER]]');
const database = await connect({ databaseUrl: process.env.DATABASE_URL });
const viewer = await viewerNamed(database.db, user);
if (!viewer) throw new Error(`no active user ${user}`);
const table = [...resources.values()].find((r) => r.config.plural === list)?.config.table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** the page statements of the list, caught on their way to PostgreSQL */
const pages: { text: string; values: unknown[] }[] = [];
const settings: string[] = [];
const send = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown[] | undefined];
  const text = typeof config === 'string' ? config : config.text;
  // the export's own settings of its transaction (set local …), which its pages are planned under
  if (text && /^set local /i.test(text)) settings.push(text);
  else if (text && text.includes(`from "${table}"`) && / limit /.test(text))
    pages.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [] });
  return send.apply(this, args);
} as typeof pg.Client.prototype.query;

const exported = await prepareExport(hubContext({ db: database.db, viewer, locale: 'zh' }), {
  resource: list,
  format: 'csv',
  ...(filter ? { filter: JSON.parse(filter) as unknown } : {}),
});
const started = { at: performance.now(), cpu: process.cpuUsage() };
const rows = await exported.write(database, new Writable({ write: (_chunk, _encoding, done) => done() }));
const cpu = process.cpuUsage(started.cpu);
pg.Client.prototype.query = send as typeof pg.Client.prototype.query;
console.log(
  `${rows} rows of ${list} exported as ${user}: ${(performance.now() - started.at).toFixed(0)} ms, Node CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
);
await asViewer(
  database,
  { viewer },
  async (db) => {
    for (const setting of settings) await db.executeQuery(CompiledQuery.raw(setting));
    if (settings.length) console.log(`as the export: ${settings.join('; ')}`);
    // the first two (the bound, then a cursor), and the last (where a page finds fewer rows than it asks for)
    for (const i of [...new Set([0, 1, pages.length - 1])].filter((i) => i >= 0 && i < pages.length)) {
      const page = pages[i]!;
      console.log(
        `--- page ${i + 1}: ${page.text.replace(/\s+/g, ' ').replace(/^select .*? from /, 'select … from ')} ${JSON.stringify(page.values)}`,
      );
      const plan = await db.executeQuery(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${page.text}`, page.values));
      for (const row of plan.rows as Record<string, string>[]) console.log(row['QUERY PLAN']);
    }
    // every page again, timed by PostgreSQL: the export's database time without the network and Node around it
    let ms = 0;
    for (const page of pages) {
      const plan = await db.executeQuery(CompiledQuery.raw(`explain (analyze, timing off, format json) ${page.text}`, page.values));
      ms += ((plan.rows[0] as Record<string, unknown>)['QUERY PLAN'] as { 'Execution Time': number }[])[0]!['Execution Time'];
    }
    console.log(`${pages.length} pages, executed again one by one: ${ms.toFixed(0)} ms in all`);
  },
  { readOnly: true },
);
await database.close();
