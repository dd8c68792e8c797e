/**
 * `pnpm exec tsx test/bench/oneRoundTrip.ts`: a signed-in read's cost with its envelope (the caller's lookup
 * with `begin` and scope, the read, `commit`: three round trips) against the same read with the viewer known
 * from memory (one round trip: scope and read in one simple-protocol string; schema/src/access/rowSecurity.ts).
 * One process, one connection at a time, the two ways alternating in blocks, so that the machine's load falls
 * on both alike. Creates a database of its own (fupin_bench_1rt_…) and drops it.
 */
import { sql } from 'kysely';
import { asViewer, connect, createUser, migrateToLatest } from '../../schema/src/index';
import { signIn } from '../../schema/src/access/signIn';
import { loadavg } from 'node:os';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';

const ROUNDS = 6;
const BLOCK = 300;

const name = uniqueName('fupin_bench_1rt');
await adminQuery(`create database ${name}`);
const database = await connect({ databaseUrl: databaseUrl(name), maxConnections: 2 });
try {
  await migrateToLatest(database.db);
  await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
  const session = await signIn(database.db, 'analyst', 'analyst-password');
  for (let i = 0; i < 100 && !database.viewers!.listening; i++) await new Promise((r) => setTimeout(r, 50));
  const read = (db: Parameters<Parameters<typeof asViewer>[2]>[0]) =>
    sql<{ n: number }>`select count(*)::int as n from app_user where id > ${0}`.execute(db);
  const time = async (oneRoundTrip: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < BLOCK; i++) {
      const started = process.hrtime.bigint();
      await asViewer(database, { sessionToken: session!.token }, read, { oneRoundTrip });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return times;
  };
  const all = { envelope: [] as number[], one: [] as number[] };
  await time(true); // warm: the viewer in memory, the statements compiled
  await time(false);
  for (let round = 0; round < ROUNDS; round++) {
    all.envelope.push(...(await time(false)));
    all.one.push(...(await time(true)));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
  const [e, o] = [all.envelope, all.one];
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}; ${ROUNDS} rounds of ${BLOCK} reads each way`,
  );
  console.log(`| way | p50 | p95 |\n| --- | --- | --- |`);
  console.log(`| lookup + begin + scope, read, commit | ${median(e).toFixed(2)} ms | ${p95(e).toFixed(2)} ms |`);
  console.log(`| viewer from memory: scope + read in one string | ${median(o).toFixed(2)} ms | ${p95(o).toFixed(2)} ms |`);
  console.log(`ratio of medians (one ÷ envelope): ${(median(o) / median(e)).toFixed(2)}`);
} finally {
  await database.close();
  await adminQuery(`drop database ${name}`);
}
