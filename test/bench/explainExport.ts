/**
 * The plans of an export's first two pages as a user runs it (scope, row security), with what they read:
 * `DATABASE_URL=… npx tsx test/bench/explainExport.ts USER [LIST]` (LIST: members by default). The export
 * runs whole (into nothing; it writes its two audit rows), its page statements are caught as sent, then each
 * is explained (analyze, buffers) in a read-only transaction as the same user.
 */
import pg from 'pg';
import { Writable } from 'node:stream';
import { CompiledQuery } from 'kysely';
import { asViewer, connect, hubContext, prepareExport, viewerNamed } from '../../schema/src/index';
import { resources } from '../../schema/src/graph/registry';

const [user, list = 'members'] = process.argv.slice(2);
if (!user || !process.env.DATABASE_URL) throw new Error('usage: DATABASE_URL=… tsx test/bench/explainExport.ts USER [LIST]');
const database = await connect({ databaseUrl: process.env.DATABASE_URL });
const viewer = await viewerNamed(database.db, user);
if (!viewer) throw new Error(`no active user ${user}`);
const table = [...resources.values()].find((r) => r.config.plural === list)?.config.table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** the first two page statements of the list, caught on their way to PostgreSQL */
const pages: { text: string; values: unknown[] }[] = [];
const send = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown[] | undefined];
  const text = typeof config === 'string' ? config : config.text;
  if (text && pages.length < 2 && text.includes(`from "${table}"`) && / limit /.test(text))
    pages.push({ text, values: (typeof config === 'string' ? values : config.values) ?? [] });
  return send.apply(this, args);
} as typeof pg.Client.prototype.query;

const exported = await prepareExport(hubContext({ db: database.db, viewer, locale: 'zh' }), { resource: list, format: 'csv' });
const rows = await exported.write(database, new Writable({ write: (_chunk, _encoding, done) => done() }));
pg.Client.prototype.query = send as typeof pg.Client.prototype.query;
console.log(`${rows} rows of ${list} exported as ${user}`);
await asViewer(
  database,
  { viewer },
  async (db) => {
    for (const [i, page] of pages.entries()) {
      console.log(
        `--- page ${i + 1}: ${page.text.replace(/\s+/g, ' ').replace(/^select .*? from /, 'select … from ')} ${JSON.stringify(page.values)}`,
      );
      const plan = await db.executeQuery(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${page.text}`, page.values));
      for (const row of plan.rows as Record<string, string>[]) console.log(row['QUERY PLAN']);
    }
  },
  { readOnly: true },
);
await database.close();
