import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asViewer, connect, createUser, type HubDatabase } from '../schema/src/index';
import { credentialOf, tokenHash } from '../schema/src/access/viewer';
import { BatchingClient } from '../schema/src/db/lazyBegin';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

/**
 * A read's envelope — finding the caller, entering its scope, the transaction — costs two round trips to
 * PostgreSQL: `begin` with the statement that finds the viewer and sets its scope, and `commit`. Counted on
 * the wire: every message pg's client sends is one `query` call of the pool's client class.
 */
describe('a read’s envelope', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let wire: string[] = [];
  const send = BatchingClient.prototype.query;

  beforeAll(async () => {
    BatchingClient.prototype.query = function (this: BatchingClient, ...args: unknown[]) {
      wire.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
      return (send as (...a: unknown[]) => never).apply(this, args);
    } as typeof send;
    database = await freshDatabase();
    await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    server = await startServer(database);
    cookie = await server.signIn('analyst', 'analyst-password');
  });
  afterAll(() => {
    BatchingClient.prototype.query = send;
  });

  async function roundTrips(run: () => Promise<unknown>): Promise<string[]> {
    wire = [];
    await run();
    return wire;
  }
  const read = (options: { cookie?: string; token?: string }) => async () => {
    const result = await server.graphql(`{ __typename }`, {}, options);
    expect(result.errors).toBeUndefined();
  };
  const session = () =>
    database.db
      .selectFrom('userSession')
      .select(['lastSeenAt', 'expiresAt'])
      .where('tokenHash', '=', tokenHash(decodeURIComponent(cookie.split('=')[1]!)))
      .executeTakeFirstOrThrow();

  it('is begin with the viewer’s lookup and scope in one round trip, then commit', async () => {
    const trips = await roundTrips(read({ cookie }));
    expect(trips).toHaveLength(2);
    expect(trips[0]).toMatch(/^begin;\s*select/);
    expect(trips[0]).toMatch(/join "user_session"/);
    expect(trips[0]).toMatch(/set_config\('role', 'hub_app', true\)/);
    expect(trips[1]).toBe('commit');
  });

  it('is the same two round trips without credentials (no one’s scope, set all the same)', async () => {
    const trips = await roundTrips(read({}));
    expect(trips).toHaveLength(2);
    expect(trips[0]).toMatch(/^begin;\s*select .*set_config\('hub.viewer_role'/s);
  });

  /**
   * Waits until the server no longer answers the cookie's viewer from memory (viewerCache.ts): a change that
   * narrows the session notifies, which the server hears a moment after the commit (longer under load), and a
   * read in between that runs no statement is answered from memory with no lookup, no touch and no round trip.
   */
  async function heard(): Promise<void> {
    const credential = credentialOf({ sessionToken: decodeURIComponent(cookie.split('=')[1]!) })!;
    for (const deadline = Date.now() + 30_000; database.viewers!.get(credential) !== undefined;) {
      if (Date.now() > deadline) throw new Error('the server still answers the session from memory after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('writes the session’s sliding expiry after the commit, once a minute at most', async () => {
    await database.db
      .updateTable('userSession')
      .set({ lastSeenAt: sql`now() - interval '2 minutes'`, expiresAt: sql`now() + interval '1 hour'` })
      .execute();
    // the shorter expiry notifies: the first test's read kept the viewer, and this one must look it up
    await heard();
    const due = await roundTrips(read({ cookie }));
    expect(due).toHaveLength(3);
    expect(due[1]).toBe('commit');
    expect(due[2]).toMatch(/^update "user_session"/);
    const touched = await session();
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(30_000);
    expect(touched.expiresAt.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    // within the minute: no write
    expect(await roundTrips(read({ cookie }))).toHaveLength(2);
  });

  it('marks an API token used after the commit, once a minute at most', async () => {
    const created = await server.graphql<{ createApiToken: { token: string } }>(
      `mutation { createApiToken(name: "报表工具") { token } }`,
      {},
      { cookie },
    );
    const token = created.data!.createApiToken.token;
    const first = await roundTrips(read({ token }));
    expect(first).toHaveLength(3);
    expect(first[0]).toMatch(/join "api_token"/);
    expect(first[2]).toMatch(/^update "api_token"/);
    const used = await database.db
      .selectFrom('apiToken')
      .select('lastUsedAt')
      .where('tokenHash', '=', tokenHash(token))
      .executeTakeFirstOrThrow();
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    expect(await roundTrips(read({ token }))).toHaveLength(2);
  });

  it('holds no lock on the session during the request, even when its touch is due, and leaves the pooled connection without the scope', async () => {
    const single: HubDatabase = await connect({ databaseUrl: database.url, maxConnections: 1 });
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await database.db
        .updateTable('userSession')
        .set({ lastSeenAt: sql`now() - interval '2 minutes'` })
        .execute();
      const sessionToken = decodeURIComponent(cookie.split('=')[1]!);
      const role = await asViewer(single, { sessionToken }, async (db, viewer) => {
        expect(viewer?.username).toBe('analyst');
        // another connection may lock (and so update) the session row while the request runs
        await other.query('begin');
        const locked = await other.query('select 1 from user_session where token_hash = $1 for update nowait', [tokenHash(sessionToken)]);
        await other.query('rollback');
        expect(locked.rowCount).toBe(1);
        return (await sql<{ role: string }>`select current_setting('hub.viewer_role') as role`.execute(db)).rows[0]!.role;
      });
      expect(role).toBe('ANALYST');
      // the same (only) connection afterwards: back to the connecting role, no scope left over
      const after = await sql<{
        user: string;
        role: string | null;
      }>`select current_user as user, current_setting('hub.viewer_role', true) as role`.execute(single.db);
      expect(after.rows[0]!.user).not.toBe('hub_app');
      expect(after.rows[0]!.role ?? '').toBe('');
      expect(Date.now() - (await session()).lastSeenAt.getTime()).toBeLessThan(30_000);
    } finally {
      await other.end();
      await single.close();
    }
  });

  it('refuses an expired session in the same single statement', async () => {
    const sessionToken = decodeURIComponent(cookie.split('=')[1]!);
    await database.db
      .updateTable('userSession')
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where('tokenHash', '=', tokenHash(sessionToken))
      .execute();
    const me = await server.graphql<{ me: null | { username: string } }>(`{ me { username } }`, {}, { cookie });
    expect(me.data).toEqual({ me: null });
  });
});
