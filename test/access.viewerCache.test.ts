import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createUser, type HubDatabase } from '../schema/src/index';
import { credentialOf } from '../schema/src/access/viewer';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

/**
 * Each server keeps the viewers of recent credentials in memory (schema/src/access/viewerCache.ts). A change
 * that narrows a credential — sign-out, revocation, a narrower scope — must hold on the very next request, in
 * the server that made it and in any other on the same database; and while a server's listener is down it
 * must look its callers up as before.
 */
describe('viewers kept in memory', () => {
  let database: TestDatabase;
  let other: HubDatabase;
  /** two servers, each with its own pool, cache and listener, as two processes on one database have */
  let first: TestServer;
  let second: TestServer;
  let villages: number[];
  let clerkId: number;

  const COUNT = `{ households(first: 100) { totalCount } }`;
  const ME = `{ me { username } }`;

  async function listening(...databases: HubDatabase[]) {
    for (let i = 0; i < 200 && !databases.every((d) => d.viewers!.listening); i++) await new Promise((r) => setTimeout(r, 50));
    for (const d of databases) expect(d.viewers!.listening).toBe(true);
  }
  async function count(server: TestServer, cookie: string): Promise<number> {
    const result = await server.graphql<{ households: { totalCount: number } }>(COUNT, {}, { cookie });
    expect(result.errors).toBeUndefined();
    return result.data!.households.totalCount;
  }
  const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!);

  beforeAll(async () => {
    database = await freshDatabase();
    await smallCounty(database.db, { villages: 4, households: 2, members: 1 });
    villages = (await database.db.selectFrom('village').select('id').orderBy('id').execute()).map((v) => v.id);
    clerkId = await createUser(database.db, {
      username: 'clerk',
      displayName: '录入员',
      role: 'CLERK',
      password: 'clerk-password',
      villageIds: villages.slice(0, 2),
    });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    other = await connect({ databaseUrl: database.url });
    first = await startServer(database);
    second = await startServer(other);
    await listening(database, other);
  });
  afterAll(() => other.close());

  it('answers a known caller from memory, and narrows a scope on the very next request in every server', async () => {
    const cookie = await first.signIn('clerk', 'clerk-password');
    expect(await count(second, cookie)).toBe(4);
    expect(await count(second, cookie)).toBe(4);
    expect(other.viewers!.get(credentialOf({ sessionToken: tokenOf(cookie) })!)).toMatchObject({ username: 'clerk' });
    expect(await count(first, cookie)).toBe(4);

    await database.db.deleteFrom('userScope').where('userId', '=', clerkId).where('villageId', '=', villages[1]!).execute();
    expect(await count(second, cookie)).toBe(2);
    expect(await count(first, cookie)).toBe(2);
  });

  it('refuses a signed-out session on the very next request through the other server', async () => {
    const cookie = await first.signIn('clerk', 'clerk-password');
    expect((await second.graphql(ME, {}, { cookie })).data).toEqual({ me: { username: 'clerk' } });
    expect((await second.graphql(ME, {}, { cookie })).data).toEqual({ me: { username: 'clerk' } });
    expect((await first.graphql(`mutation { logout }`, {}, { cookie })).errors).toBeUndefined();
    expect((await second.graphql(ME, {}, { cookie })).data).toEqual({ me: null });
    expect((await second.graphql(COUNT, {}, { cookie })).data).toBeFalsy();
  });

  it('refuses a revoked API token on the very next request through the other server', async () => {
    const admin = await first.signIn('admin', 'admin-password');
    const created = await first.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      `mutation { createApiToken(name: "报表") { token apiToken { id } } }`,
      {},
      { cookie: admin },
    );
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data!.createApiToken;
    for (let i = 0; i < 3; i++) expect((await second.graphql(ME, {}, { token })).data).toEqual({ me: { username: 'admin' } });
    const revoked = await first.graphql(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: apiToken.id }, { cookie: admin });
    expect(revoked.errors).toBeUndefined();
    expect((await second.graphql(ME, {}, { token })).data).toEqual({ me: null });
  });

  it('looks every caller up while its listener is down, and keeps viewers again once it listens', async () => {
    await database.db.insertInto('userScope').values({ userId: clerkId, townshipId: null, villageId: villages[1]! }).execute();
    const cookie = await first.signIn('clerk', 'clerk-password');
    const credential = credentialOf({ sessionToken: tokenOf(cookie) })!;
    expect(await count(second, cookie)).toBe(4);
    other.viewers!.dropListener();
    for (let i = 0; i < 100 && other.viewers!.listening; i++) await new Promise((r) => setTimeout(r, 10));
    expect(other.viewers!.listening).toBe(false);
    expect(other.viewers!.get(credential)).toBeUndefined();
    // a change whose notification this server cannot hear: its next request sees it all the same
    await database.db.deleteFrom('userScope').where('userId', '=', clerkId).where('villageId', '=', villages[1]!).execute();
    expect(await count(second, cookie)).toBe(2);
    expect(other.viewers!.get(credential)).toBeUndefined();
    await listening(other);
    expect(await count(second, cookie)).toBe(2);
    expect(other.viewers!.get(credential)).toMatchObject({ username: 'clerk' });
  });

  it('checks the viewer in each statement’s own round trip, whatever became of the notification', async () => {
    const cookie = await first.signIn('clerk', 'clerk-password');
    const credential = credentialOf({ sessionToken: tokenOf(cookie) })!;
    expect(await count(second, cookie)).toBe(2);
    expect(await count(second, cookie)).toBe(2);
    // a change whose notification never comes (triggers off, as a replication tool would write it) but which
    // advances the version, as the trigger does: the cached viewer is found stale in the read's own round trip
    await database.db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await tx.insertInto('userScope').values({ userId: clerkId, townshipId: null, villageId: villages[2]! }).execute();
      await sql`select nextval('hub_viewer_version')`.execute(tx);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(other.viewers!.get(credential)).toMatchObject({ username: 'clerk' });
    expect(await count(second, cookie)).toBe(4);
    expect(await count(second, cookie)).toBe(4);
  });
});
