import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider } from '../admin/src/dataProvider/index';
import { createGraphQLClient } from '../admin/src/graphql';
import { BLOCK } from '../admin/src/grid/block';
import { createUser } from '../schema/src/index';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

/**
 * The page's first script (admin/src/boot.ts) asks for a list page's first block of rows while the admin's
 * code loads; the data provider takes that answer for the list's first read when it is the very same read,
 * once, and asks the hub for anything else.
 */
describe('the first block asked for early', () => {
  const realFetch = globalThis.fetch;
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  /** the list reads that reached the hub (resource and variables), in order */
  let listReads: string[];
  /** what a list's page keeps in react-admin's store (its chosen sort and filters), by key */
  let stored: Map<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    await Promise.all([
      smallCounty(database.db, { villages: 2, households: 5, members: 1 }),
      createUser(database.db, { username: 'root', displayName: '管理员', role: 'ADMIN', password: 'admin-password' }),
    ]);
    server = await startServer(database);
    cookie = await server.signIn('root', 'admin-password');
  });

  afterAll(() => {
    vi.unstubAllGlobals();
  });

  beforeEach(() => {
    listReads = [];
    stored = new Map();
    // the browser the first script runs in: its address, its storage, its fetch of the hub with the session
    vi.stubGlobal('localStorage', { getItem: (key: string) => stored.get(key) ?? null });
    vi.stubGlobal('fetch', (path: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { query: string; variables?: Record<string, unknown> };
      const list = /list: (\w+)\(/.exec(body.query)?.[1];
      if (list) listReads.push(`${list} ${JSON.stringify(body.variables)}`);
      return realFetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    });
    vi.resetModules();
  });

  /** the page at `path` loading: the first script's requests, then the admin's data provider */
  async function openPage(path: string) {
    const [pathname, search = ''] = path.split('?') as [string, string?];
    vi.stubGlobal('location', { pathname, search: search ? `?${search}` : '' });
    const boot = await import('../admin/src/boot');
    boot.startEarlyRequests();
    const client = createGraphQLClient();
    return createDataProvider({ client, session: () => cookie, earlySchema: boot.takeEarlySchema, earlyList: boot.takeEarlyList });
  }

  const firstBlock = { pagination: { page: 1, perPage: BLOCK }, sort: { field: 'householdNumber', order: 'ASC' as const }, filter: {} }; // the hub's order of households

  it('is what the grid reads first: one read of the hub for both, and the next read asks again', async () => {
    const provider = await openPage('/households');
    const early = await provider.getList('households', firstBlock);
    expect(early.data.map((r) => r.householdNumber)).toEqual([...early.data.map((r) => r.householdNumber)].sort());
    expect(early.total).toBe(10);
    expect(listReads).toHaveLength(1);
    expect(listReads[0]).toMatch(/^households .*"offset":0.*HOUSEHOLD_NUMBER/);

    // a refresh (after an edit, say) reads the hub again
    const again = await provider.getList('households', firstBlock);
    expect(again.data).toEqual(early.data);
    expect(listReads).toHaveLength(2);
  });

  it('is dropped when the list’s first read is another one (a filter chosen): that read and later ones ask the hub', async () => {
    const provider = await openPage('/households');
    const filtered = await provider.getList('households', { ...firstBlock, filter: { status: 'POOR' } });
    expect(filtered.data.every((r) => r.status === 'POOR')).toBe(true);
    await provider.getList('households', firstBlock);
    // the early read, the filtered one, then the plain one again: the early answer was not taken for it
    expect(listReads).toHaveLength(3);
  });

  it('is not asked for when the list keeps a chosen sort or filter, the address names one, or the page is no list', async () => {
    stored.set('RaStoreFupinHub.households.listParams', JSON.stringify({ sort: 'headName', order: 'DESC' }));
    await (await openPage('/households')).getSchema();
    stored.clear();
    vi.resetModules();
    await (await openPage('/households?filter=%7B%7D')).getSchema();
    vi.resetModules();
    await (await openPage('/households/SG91c2Vob2xkOjE=/show')).getSchema();
    // the early schema is in (getSchema waited for it); a first block would have been asked for with it
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listReads).toEqual([]);
  });
});
