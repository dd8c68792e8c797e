import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { asViewer, connect, migrateToLatest, pendingMigrations, viewerNamed } from '../schema/src/index';
import { seedDemo } from '../schema/src/demo/index';
import { startServer } from './support/server';
import { Replica, visibleThroughLists } from './support/sync';

/**
 * The newcomer's path: no DATABASE_URL, the embedded PGlite in a data folder. Smaller than the
 * PostgreSQL suite — the same migrations and queries run on both — but it proves the embedded database
 * migrates, takes the demo seed, serves sign-in, and keeps its data across a restart.
 */
describe('the embedded database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fupin-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, seeds a small demo county, serves sign-in, and keeps everything across a restart', { timeout: 180_000 }, async () => {
    const first = await connect({ dataDir });
    expect(first.kind).toBe('pglite');
    await migrateToLatest(first.db);
    const summary = await seedDemo(first.db, { password: 'smoke-password', households: 600 });
    expect(summary.households).toBeGreaterThan(0);
    const server = await startServer(first);
    const cookie = await server.signIn('clerk', 'smoke-password');
    const me = await server.graphql(`{ me { username role } }`, {}, { cookie });
    expect(me.data).toEqual({ me: { username: 'clerk', role: 'CLERK' } });
    // row-level security holds on the embedded database too, and concurrent requests keep their own scopes
    const admin = await server.signIn('admin', 'smoke-password');
    const count = (c: string) =>
      server
        .graphql<{ households: { totalCount: number } }>(`{ households { totalCount } }`, {}, { cookie: c })
        .then((r) => r.data!.households.totalCount);
    const [all, mine] = [await count(admin), await count(cookie)];
    expect(mine).toBeGreaterThan(0);
    expect(mine).toBeLessThan(all);
    expect(await Promise.all(Array.from({ length: 10 }, (_, i) => count(i % 2 ? admin : cookie)))).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? all : mine)),
    );
    const raw = (viewer: Awaited<ReturnType<typeof viewerNamed>>) =>
      asViewer(first, { viewer }, (db) => sql<{ n: number }>`select count(*)::int as n from household`.execute(db)).then(
        (r) => r.rows[0]!.n,
      );
    expect(await raw(await viewerNamed(first.db, 'clerk'))).toBe(mine);
    expect(await raw(null)).toBe(0);
    // partner sync on the embedded database: a snapshot, then the one change made since
    const partner = { cookie: await server.signIn('partner', 'smoke-password') };
    const copy = new Replica(server, partner);
    await copy.pull(500);
    expect(copy.records.size).toBeGreaterThan(0);
    expect(copy.versions()).toEqual(await visibleThroughLists(server, partner));
    const visit = [...copy.records.values()].find((r) => r.__typename === 'VisitLog')!;
    const edited = await server.graphql(
      `mutation ($id: ID!, $v: Int!) { updateVisitLog(input: { id: $id, version: $v, patch: { followUps: "电话回访" } }) { visitLog { version } } }`,
      { id: visit.id, v: visit.version },
      partner,
    );
    expect(edited.errors).toBeUndefined();
    expect((await copy.pull()).map((c) => [c.id, c.version])).toEqual([[visit.id, visit.version + 1]]);
    // an export on the embedded database: its start and end audited in turns of their own, between which other requests are served
    const [exported, meanwhile] = await Promise.all([
      fetch(`${server.url}/export/members.csv`, { headers: { cookie: admin } }).then((r) => r.arrayBuffer()),
      count(admin),
    ]);
    expect(meanwhile).toBe(all);
    const exportAudit = () => first.db.selectFrom('auditLog').select('after').where('operation', '=', 'EXPORT').orderBy('id').execute();
    await expect.poll(async () => (await exportAudit()).length).toBe(2);
    expect((await exportAudit()).map((a) => a.after)).toMatchObject([
      { list: 'members', stage: 'started' },
      { list: 'members', stage: 'finished', rows: summary.members, bytes: exported.byteLength },
    ]);
    const households = await first.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // the household sizes the database keeps by trigger (transition tables) work in the embedded database too
    const sizes = await first.db
      .selectFrom('householdSize')
      .select((eb) => eb.fn.sum<string>('members').as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(sizes.n)).toBe(summary.members);
    await first.close();

    const second = await connect({ dataDir });
    try {
      expect(await pendingMigrations(second.db)).toEqual([]);
      const again = await second.db
        .selectFrom('household')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(again.n).toBe(households.n);
      expect(again.n).toBe(summary.households);
    } finally {
      await second.close();
    }
  });
});
