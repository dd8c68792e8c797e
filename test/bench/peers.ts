/**
 * `pnpm bench:peers`: the hub side by side with PostGraphile v5 and hand-written SQL (issue 13). Seeds the
 * demo county into a fresh PostgreSQL database (or measures --database-url), runs the three servers over it —
 * the hub as `pnpm hub serve` runs it (NODE_ENV=production), PostGraphile 5.1.5 with the amber preset under
 * the `node` package's Node 22, one statement per read on bare node:http — checks once that all three answer
 * the same records, then times six reads in interleaved rounds and prints a markdown table with the ratios.
 * The hub reads as a signed-in user with its row security on; the peers read as the database's owner,
 * without row security. Not part of `pnpm test` (test/bench.peers.test.ts runs it for a moment).
 * Options: --households N (the demo county's size by default; 135480 for ten times), --database-url URL
 * (a database seeded with `pnpm hub seed --demo`, password from HUB_DEMO_PASSWORD or the default; used as it
 * is, written to, kept), --as USER (admin; clerk for a township clerk), --connections C (4), --rounds R (3),
 * --seconds S (5: each peer's turn in a round), --warmup-seconds W (5: each peer driven untimed for W s per read
 * before the first round, after 20 warm-up requests; 0 for none), --only LETTER (a read, A–F; repeated for several: --only C --only D), --no-postgraphile, --workers N (the hub's
 * processes: 1 by default, as PostGraphile runs one).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { connect, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';
import { benchPeers, formatRounds, formatRow, TABLE_HEAD } from './peers/bench';

const { values } = parseArgs({
  options: {
    households: { type: 'string' },
    'database-url': { type: 'string' },
    as: { type: 'string', default: 'admin' },
    connections: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    'warmup-seconds': { type: 'string', default: '5' },
    only: { type: 'string', multiple: true },
    'no-postgraphile': { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
  },
  strict: true,
});

async function main() {
  const rounds = Number(values.rounds);
  if (!(rounds >= 3)) throw new Error('--rounds: at least 3 interleaved rounds, or a passing load falls on one peer only');
  const existing = values['database-url'];
  const name = uniqueName('fupin_bench_peers');
  const url = existing ?? databaseUrl(name);
  const password = existing ? (process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo') : 'bench-password';
  if (!existing) await adminQuery(`create database ${name}`);
  try {
    const database = await connect({ databaseUrl: url });
    let size = '';
    try {
      await migrateToLatest(database.db);
      if (!existing) {
        const summary = await seedDemo(database.db, { password, ...(values.households ? { households: Number(values.households) } : {}) });
        size = `${summary.households} households, ${summary.members} members`;
        console.log(`seeded ${size}`);
      }
    } finally {
      await database.close();
    }
    const results = await benchPeers({
      databaseUrl: url,
      password,
      user: values.as,
      connections: Number(values.connections),
      rounds,
      seconds: Number(values.seconds),
      warmup: 20,
      warmupSeconds: Number(values['warmup-seconds']),
      ...(values.only ? { only: values.only } : {}),
      withoutPostgraphile: values['no-postgraphile'],
      hubWorkers: Number(values.workers),
    });
    console.log(
      `\n${new Date().toISOString().slice(0, 10)}, ${size || url}, ${values.connections} connections, ${rounds} interleaved rounds of ${values.seconds} s per peer ` +
        `after ${values['warmup-seconds']} s of warm-up each, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} (1 / 5 / 15 min) at the end.\n` +
        `The hub (${values.workers} worker process${values.workers === '1' ? '' : 'es'}) reads as ${values.as} with its row security on; PostGraphile and the SQL server read as the database's owner, WITHOUT row security.\n`,
    );
    for (const line of [...TABLE_HEAD, ...results.map(formatRow)]) console.log(line);
    console.log('');
    for (const line of results.map(formatRounds)) console.log(line);
  } finally {
    if (!existing) await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
