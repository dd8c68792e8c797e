import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../schema/src/demo/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

/**
 * The members export of one county or township of a hub of three, read page by page by cursor: every member
 * of hers once, in the list's order (household, then id), and every page bounded by the first and the last
 * household of her villages, so that no page reads through the other counties' members (the first page
 * from the hub's start, the last one on to the hub's end). The middle county is the one with counties on both
 * sides.
 */
describe('a county’s members export, page by page', () => {
  let database: TestDatabase;
  let server: TestServer;
  const password = inject('demoPassword');
  /** the statements the hub sent, as text: the export's pages are read from them */
  const statements: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase('empty', { onQuery: (text) => statements.push(text) });
    await seedDemo(database, { password, counties: 3, households: 400 });
    server = await startServer(database);
  }, 180_000);

  /** The export's rows (their record ids) and its page statements, as `user` downloads it. */
  async function exportMembers(user: string, query = '') {
    const cookie = await server.signIn(user, password);
    statements.length = 0;
    const response = await fetch(`${server.url}/export/members.csv${query}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const rows = parse(
      Buffer.from(await response.arrayBuffer())
        .subarray(3) // the byte-order mark
        .toString('utf8'),
      { columns: true },
    ) as Record<string, string>[];
    const ids = rows.map((r) => Number(Buffer.from(r['记录标识']!, 'base64').toString().split(':')[1]));
    const pages = statements.filter((text) => /from "member"/.test(text) && / limit /.test(text));
    return { ids, pages };
  }

  /** The members whose household lies where `where` says (on village v and township t), in the list's order. */
  async function membersWhere(where: ReturnType<typeof sql>) {
    const { rows } = await sql<{ id: number }>`select m.id from member m join household h on h.id = m.household_id
      join village v on v.id = h.village_id join township t on t.id = v.township_id where ${where} order by m.household_id, m.id`.execute(
      database.db,
    );
    return rows.map((r) => r.id);
  }

  it('gives a middle county’s administrator each of her members once, in order, every page bounded on both sides', async () => {
    const { rows: counties } = await sql<{ id: number; code: string }>`select id, code from county order by id`.execute(database.db);
    expect(counties.length).toBe(3);
    const middle = counties[1]!;
    const { ids, pages } = await exportMembers(`admin.${middle.code.slice(0, 6)}`);
    const hers = await membersWhere(sql`t.county_id = ${middle.id}`);
    expect(hers.length).toBeGreaterThan(1_000);
    expect(ids).toEqual(hers);
    expect(pages.length).toBe(Math.ceil((hers.length + 1) / 500));
    // the first household of her villages to the last, on the first page, the last and every one between
    for (const page of pages) expect(page).toMatch(/"member"\."household_id" between \$\d+ and \$\d+/);
    // planned as ordered reads of the index (a sort of the rest of her range was chosen near its end)
    expect(statements).toContain('set local enable_sort = off');
  });

  it('bounds the pages the same way for the whole hub’s administrator filtering by a county, or a township', async () => {
    const { rows } = await sql<{ county: number; township: number }>`select t.county_id as county, min(t.id) as township
      from township t group by t.county_id order by t.county_id`.execute(database.db);
    const { county } = rows[1]!;
    const byCounty = await exportMembers(
      'admin',
      `?filter=${encodeURIComponent(JSON.stringify({ countyId: globalId('County', county) }))}`,
    );
    const hers = await membersWhere(sql`t.county_id = ${county}`);
    expect(hers.length).toBeGreaterThan(1_000);
    expect(byCounty.ids).toEqual(hers);
    for (const page of byCounty.pages) expect(page).toMatch(/"member"\."household_id" between \$\d+ and \$\d+/);
    // a township of the last county, and the county it is not in: none
    const { township } = rows[2]!;
    const byTownship = await exportMembers(
      'admin',
      `?filter=${encodeURIComponent(JSON.stringify({ townshipId: globalId('Township', township) }))}`,
    );
    expect(byTownship.ids).toEqual(await membersWhere(sql`t.id = ${township}`));
    expect(byTownship.ids.length).toBeGreaterThan(0);
    for (const page of byTownship.pages) expect(page).toMatch(/"member"\."household_id" between \$\d+ and \$\d+/);
    const neither = await exportMembers(
      'admin',
      `?filter=${encodeURIComponent(JSON.stringify({ townshipId: globalId('Township', township), countyId: globalId('County', county) }))}`,
    );
    expect(neither.ids).toEqual([]);
  });

  it('gives a township clerk her township’s members the same way', async () => {
    const { ids, pages } = await exportMembers('clerk');
    const { rows } = await sql<{ townshipId: number }>`select s.township_id from user_scope s join app_user u on u.id = s.user_id
      where u.username = 'clerk'`.execute(database.db);
    const hers = await membersWhere(sql`t.id = ${rows[0]!.townshipId}`);
    expect(hers.length).toBeGreaterThan(100);
    expect(ids).toEqual(hers);
    for (const page of pages) expect(page).toMatch(/"member"\."household_id" between \$\d+ and \$\d+/);
  });
});
