import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';
import { Horizon, Replica, visibleThroughLists, PULL } from './support/sync';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * Partner sync (`twinningChanges`) through the real server on PostgreSQL, with writes both through the graph
 * and straight from other connections in overlapping transactions.
 *
 * The county (smallCounty): villages V0–V3, two households each (h0, h1 in V0; h2, h3 in V1; …), two members each.
 *   凌云县财政局 finance: cadres wei, luo; lead unit of V0; wei first secretary of V0
 *   百色供电局 power: cadre huang; lead unit of V1
 *   凌云县农业局 agri: cadre cen
 *   pairings: wei–h0, wei–h1, huang–h2, cen–h6; visits: two on wei–h0, one on wei–h1, one on huang–h2; a measure on wei–h0
 * Partner accounts fin, pow and agr are bound to those units.
 */
// Waiting for this database's transactions to finish (support/sync.ts Horizon) can take a while on a loaded machine.
describe('partner sync (twinningChanges)', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  const as: Record<'admin' | 'fin' | 'pow' | 'agr' | 'clerk' | 'analyst', { cookie: string }> = {} as never;
  const unit = { finance: 0, power: 0, agri: 0 };
  const cadre = { wei: 0, luo: 0, huang: 0, cen: 0 };
  const pairing = { weiH0: 0, weiH1: 0, huangH2: 0, cenH6: 0 };
  const clients: pg.Client[] = [];

  const gql = async (query: string, variables: Any, who: { cookie: string }) => {
    const result = await server.graphql<Any>(query, variables, who);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!;
  };
  const householdRow = (i: number) => county.households[i]!.id;
  const membersOf = async (i: number) =>
    await database.db.selectFrom('member').select(['id', 'name']).where('householdId', '=', householdRow(i)).orderBy('id').execute();
  const gid = (type: string, id: number) => globalId(type, id);
  const ids = (changes: Any[]) => changes.map((c) => c.id as string);
  const tombstones = (changes: Any[]) => changes.filter((c) => c.__typename === 'DeletedRecord').map((c) => c.id as string);
  const records = (changes: Any[]) => changes.filter((c) => c.__typename !== 'DeletedRecord').map((c) => c.id as string);
  const sorted = (values: string[]) => [...values].sort();
  /** A connection of its own, as another writer would have. */
  const connection = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  };
  let horizon: Horizon;
  const replica = (who: keyof typeof as) => new Replica(server, as[who], null, () => horizon.passed());
  /** Copies of these units, each with its snapshot taken. */
  const copies = async <W extends (keyof typeof as)[]>(...who: W): Promise<{ [K in keyof W]: Replica }> => {
    const made = who.map((w) => replica(w));
    for (const r of made) await r.pull();
    return made as { [K in keyof W]: Replica };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    horizon = new Horizon(database.url);
    county = await smallCounty(database.db, { villages: 4, households: 2, members: 2 });
    const db = database.db;
    const newUnit = async (name: string) =>
      (await db.insertInto('helperUnit').values({ name, kind: 'GOVERNMENT', level: 'COUNTY' }).returning('id').executeTakeFirstOrThrow())
        .id;
    unit.finance = await newUnit('凌云县财政局');
    unit.power = await newUnit('百色供电局');
    unit.agri = await newUnit('凌云县农业局');
    const newCadre = async (helperUnitId: number, name: string, mobile: string) =>
      (await db.insertInto('cadre').values({ helperUnitId, name, sex: 'MALE', mobile }).returning('id').executeTakeFirstOrThrow()).id;
    cadre.wei = await newCadre(unit.finance, '韦明', '13907760001');
    cadre.luo = await newCadre(unit.finance, '罗芳', '13907760002');
    cadre.huang = await newCadre(unit.power, '黄强', '13907760003');
    cadre.cen = await newCadre(unit.agri, '岑亮', '13907760004');
    await db
      .insertInto('unitVillagePairing')
      .values([
        { helperUnitId: unit.finance, villageId: county.villages[0]!.id, isLead: true, startDate: '2015-10-01' },
        { helperUnitId: unit.power, villageId: county.villages[1]!.id, isLead: true, startDate: '2015-10-01' },
      ])
      .execute();
    await db
      .insertInto('workTeamAssignment')
      .values({ cadreId: cadre.wei, villageId: county.villages[0]!.id, role: 'FIRST_SECRETARY', startDate: '2015-10-01' })
      .execute();
    const pair = async (cadreId: number, household: number) =>
      (
        await db
          .insertInto('cadreHouseholdPairing')
          .values({ cadreId, householdId: householdRow(household), startDate: '2015-11-01' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    pairing.weiH0 = await pair(cadre.wei, 0);
    pairing.weiH1 = await pair(cadre.wei, 1);
    pairing.huangH2 = await pair(cadre.huang, 2);
    pairing.cenH6 = await pair(cadre.cen, 6);
    await db
      .insertInto('visitLog')
      .values([
        { cadreHouseholdPairingId: pairing.weiH0, visitedOn: '2016-01-15', mode: 'IN_PERSON', content: '核实家庭收入' },
        { cadreHouseholdPairingId: pairing.weiH0, visitedOn: '2016-03-20', mode: 'PHONE', content: '询问山羊养殖情况' },
        { cadreHouseholdPairingId: pairing.weiH1, visitedOn: '2016-04-01', mode: 'IN_PERSON', content: '了解就学情况' },
        { cadreHouseholdPairingId: pairing.huangH2, visitedOn: '2016-04-02', mode: 'IN_PERSON', content: '介绍外出务工岗位' },
      ])
      .execute();
    await db
      .insertInto('assistanceMeasure')
      .values({
        cadreHouseholdPairingId: pairing.weiH0,
        actionCategory: 'INDUSTRY',
        description: '发放山羊 5 只',
        startedOn: '2016-03-01',
        amount: '1500.00',
      })
      .execute();

    const password = 'sync-password';
    await createUser(db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password });
    await createUser(db, { username: 'fin', displayName: '财政局联络员', role: 'PARTNER', password, helperUnitId: unit.finance });
    await createUser(db, { username: 'pow', displayName: '供电局联络员', role: 'PARTNER', password, helperUnitId: unit.power });
    await createUser(db, { username: 'agr', displayName: '农业局联络员', role: 'PARTNER', password, helperUnitId: unit.agri });
    await createUser(db, { username: 'clerk', displayName: '录入员', role: 'CLERK', password, townshipIds: [county.townships[0]!.id] });
    await createUser(db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password });
    server = await startServer(database);
    for (const name of ['admin', 'fin', 'pow', 'agr', 'clerk', 'analyst'] as const)
      as[name] = { cookie: await server.signIn(name, password) };
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => {});
    await horizon.close();
  });

  it('snapshot: exactly what the unit sees through the lists, in pages, parents first', async () => {
    const whole = replica('fin');
    const all = await whole.pull(500);
    expect(whole.pages).toHaveLength(1);
    expect(whole.versions()).toEqual(await visibleThroughLists(server, as.fin));
    // the finance unit's own records, and nothing of power's or agri's
    const members0 = await membersOf(0);
    const members1 = await membersOf(1);
    expect(sorted(ids(all))).toEqual(sorted(ids(all).filter((id, i, list) => list.indexOf(id) === i)));
    expect(ids(all)).toEqual(
      expect.arrayContaining([
        gid('HelperUnit', unit.finance),
        gid('Cadre', cadre.wei),
        gid('Cadre', cadre.luo),
        gid('CadreHouseholdPairing', pairing.weiH0),
        gid('Household', householdRow(1)),
        ...members0.map((m) => gid('Member', m.id)),
        ...members1.map((m) => gid('Member', m.id)),
      ]),
    );
    for (const other of [
      gid('HelperUnit', unit.power),
      gid('Cadre', cadre.huang),
      gid('CadreHouseholdPairing', pairing.huangH2),
      gid('Household', householdRow(2)),
      gid('Household', householdRow(6)),
    ])
      expect(ids(all)).not.toContain(other);
    // parents before children: a copy with foreign keys can apply it in order
    const order = all.map((c) => c.__typename as string);
    expect(order.indexOf('HelperUnit')).toBeLessThan(order.indexOf('Cadre'));
    expect(order.lastIndexOf('Household')).toBeLessThan(order.indexOf('Member'));
    expect(order.lastIndexOf('CadreHouseholdPairing')).toBeLessThan(order.indexOf('VisitLog'));
    // partners see phone numbers masked, as everywhere
    const cadres = await gql(
      `query ($s: String) { twinningChanges(since: $s, first: 500) { changes { ... on Cadre { mobile } } } }`,
      { s: null },
      as.fin,
    );
    expect(cadres.twinningChanges.changes.filter((c: Any) => c.mobile).map((c: Any) => c.mobile)).toEqual(['139****0001', '139****0002']);

    const paged = replica('fin');
    const pages: boolean[] = [];
    for (;;) {
      const page = await paged.page(4);
      expect(page.changes.length).toBeLessThanOrEqual(4);
      pages.push(page.hasMore);
      if (!page.hasMore) break;
    }
    expect(pages.length).toBe(Math.ceil(all.length / 4) + (all.length % 4 === 0 ? 1 : 0));
    expect(paged.pages.flat().map((c) => c.id)).toEqual(ids(all));
    expect(paged.versions()).toEqual(whole.versions());
    // nothing changed since: an incremental pull brings nothing, and keeps its place
    const cursor = paged.cursor;
    expect(await paged.pull()).toEqual([]);
    expect(paged.cursor).toBe(cursor);
  });

  it('incremental: updates as records, creations, deletions as tombstones, in order, once', async () => {
    const [fin, pow] = await copies('fin', 'pow');

    // finance's partner records a visit (partners write their own visit logs), the county edits a pairing and a member
    const created = await gql(
      `mutation ($p: ID!) { createVisitLog(input: { pairingId: $p, visitedOn: "2016-05-01", mode: PHONE, content: "电话回访" }) { visitLog { id version } } }`,
      { p: gid('CadreHouseholdPairing', pairing.weiH0) },
      as.fin,
    );
    const visit = created.createVisitLog.visitLog;
    await gql(
      `mutation ($id: ID!) { updateCadreHouseholdPairing(input: { id: $id, version: 1, patch: { note: "重点户" } }) { cadreHouseholdPairing { version } } }`,
      { id: gid('CadreHouseholdPairing', pairing.weiH0) },
      as.admin,
    );
    const [member] = await membersOf(0);
    await gql(
      `mutation ($id: ID!) { updateMember(input: { id: $id, version: 1, patch: { name: "韦改名" } }) { member { version } } }`,
      { id: gid('Member', member!.id) },
      as.admin,
    );
    await gql(`mutation ($id: ID!) { deleteVisitLog(input: { id: $id, version: 1 }) { deletedId } }`, { id: visit.id }, as.fin);
    // power's change is power's alone
    await gql(
      `mutation ($id: ID!) { updateCadreHouseholdPairing(input: { id: $id, version: 1, patch: { note: "供电局结对" } }) { cadreHouseholdPairing { version } } }`,
      { id: gid('CadreHouseholdPairing', pairing.huangH2) },
      as.admin,
    );

    const changes = await fin.pull();
    // the visit was created and deleted before this pull: it comes once, where it last changed, as a tombstone
    expect(changes.map((c) => [c.__typename, c.id])).toEqual([
      ['CadreHouseholdPairing', gid('CadreHouseholdPairing', pairing.weiH0)],
      ['Member', gid('Member', member!.id)],
      ['DeletedRecord', visit.id],
    ]);
    expect(changes[0]).toMatchObject({ version: 2, note: '重点户' });
    expect(changes[1]).toMatchObject({ version: 2, name: '韦改名' });
    expect(changes[2]).toMatchObject({ typename: 'VisitLog' });
    expect(new Date(changes[2]!.deletedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
    expect(await fin.pull()).toEqual([]);

    const powChanges = await pow.pull();
    expect(powChanges.map((c) => c.id)).toEqual([gid('CadreHouseholdPairing', pairing.huangH2)]);
  });

  it('pages changes by first with hasMore, in transaction order, each change once', async () => {
    const [fin] = await copies('fin');
    const visits = await database.db
      .selectFrom('visitLog')
      .select(['id', 'version'])
      .where('cadreHouseholdPairingId', 'in', [pairing.weiH0, pairing.weiH1])
      .orderBy('id')
      .execute();
    // one transaction per visit, newest id first: the order is the transactions', not the ids'
    for (const v of [...visits].reverse())
      await database.db.updateTable('visitLog').set({ followUps: '回访' }).where('id', '=', v.id).execute();
    await horizon.passed();
    const pages: [number, boolean][] = [];
    for (;;) {
      const page = await fin.page(2);
      pages.push([page.changes.length, page.hasMore]);
      if (!page.hasMore) break;
    }
    expect(pages).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(
      fin.pages
        .slice(1)
        .flat()
        .map((c) => c.id),
    ).toEqual([...visits].reverse().map((v) => gid('VisitLog', v.id)));
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));

    // positions compare as numbers: transaction 99…9 comes before 100…0 (as text it would not)
    const { rows } = await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(database.db);
    const power = 10n ** BigInt(rows[0]!.xmin.length - 1);
    expect(BigInt(rows[0]!.xmin)).toBeGreaterThan(power + 1n);
    await sql`insert into twinning_change (helper_unit_id, xid, record_type, record_id) values
      (${unit.finance}, ${String(power - 1n)}::xid8, 'Cadre', ${cadre.wei}), (${unit.finance}, ${String(power)}::xid8, 'Cadre', ${cadre.luo})`.execute(
      database.db,
    );
    const early = new Replica(server, as.fin);
    early.cursor = Buffer.from(JSON.stringify(['c1', unit.finance, String(power - 2n), '', 0])).toString('base64url');
    expect(ids((await early.page(2)).changes)).toEqual([gid('Cadre', cadre.wei), gid('Cadre', cadre.luo)]);
  });

  it('a record leaving the unit’s reach arrives as a tombstone, one entering it as a record', async () => {
    const [fin, pow, agr] = await copies('fin', 'pow', 'agr');
    const h1 = [
      gid('CadreHouseholdPairing', pairing.weiH1),
      gid('Household', householdRow(1)),
      ...(await membersOf(1)).map((m) => gid('Member', m.id)),
    ];
    const h1Visits = (
      await database.db.selectFrom('visitLog').select('id').where('cadreHouseholdPairingId', '=', pairing.weiH1).execute()
    ).map((v) => gid('VisitLog', v.id));

    // the county hands household h1 to power's cadre
    const current = await gql(`query ($id: ID!) { node(id: $id) { ... on CadreHouseholdPairing { version } } }`, { id: h1[0] }, as.admin);
    await gql(
      `mutation ($id: ID!, $v: Int!, $c: ID!) { updateCadreHouseholdPairing(input: { id: $id, version: $v, patch: { cadreId: $c } }) { cadreHouseholdPairing { version } } }`,
      { id: h1[0], v: current.node.version, c: gid('Cadre', cadre.huang) },
      as.admin,
    );
    const left = await fin.pull();
    expect(sorted(tombstones(left))).toEqual(sorted([...h1, ...h1Visits]));
    expect(records(left)).toEqual([]);
    const entered = await pow.pull();
    expect(sorted(records(entered))).toEqual(sorted([...h1, ...h1Visits]));
    expect(pow.versions()).toEqual(await visibleThroughLists(server, as.pow));
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
    expect(await agr.pull()).toEqual([]);

    // a cadre moving to another unit takes his pairings and all they reach with him
    await database.db.updateTable('cadre').set({ helperUnitId: unit.finance }).where('id', '=', cadre.cen).execute();
    const cenReach = [
      gid('Cadre', cadre.cen),
      gid('CadreHouseholdPairing', pairing.cenH6),
      gid('Household', householdRow(6)),
      ...(await membersOf(6)).map((m) => gid('Member', m.id)),
    ];
    expect(sorted(records(await fin.pull()))).toEqual(sorted(cenReach));
    expect(sorted(tombstones(await agr.pull()))).toEqual(sorted(cenReach));
    expect(agr.records.size).toBe(1); // the unit itself
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));

    // a pairing removed: the pairing and the household (which has no other pairing of the unit) go
    await database.db.deleteFrom('cadreHouseholdPairing').where('id', '=', pairing.cenH6).execute();
    expect(sorted(tombstones(await fin.pull()))).toEqual(sorted(cenReach.slice(1)));
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
    // an ended pairing stays the unit's (its history is theirs): an update, not a tombstone
    await database.db.updateTable('cadreHouseholdPairing').set({ endDate: '2016-12-31' }).where('id', '=', pairing.weiH0).execute();
    expect((await fin.pull()).map((c) => [c.__typename, c.id])).toEqual([
      ['CadreHouseholdPairing', gid('CadreHouseholdPairing', pairing.weiH0)],
    ]);
    // none of this ever showed another unit's records to power, not even as tombstones
    expect(pow.pages.flat().every((c) => !cenReach.includes(c.id))).toBe(true);
  });

  it('never loses a change committed after a reader paged past a later one (overlapping transactions)', async () => {
    const [fin] = await copies('fin');
    const [t1, t2] = [await connection(), await connection()];
    const [visitA, visitB] = await database.db
      .selectFrom('visitLog')
      .select('id')
      .where('cadreHouseholdPairingId', '=', pairing.weiH0)
      .orderBy('id')
      .execute();

    // T1 starts and writes first (the older transaction), T2 writes and commits while T1 is still open
    await t1.query('begin');
    await t1.query(`update visit_log set content = 'T1 的修改' where id = $1`, [visitA!.id]);
    await t2.query('begin');
    await t2.query(`update visit_log set content = 'T2 的修改' where id = $1`, [visitB!.id]);
    await t2.query('commit');
    // a log ordered by commit time or a sequence would hand T2 out now and skip T1 for ever
    expect(await fin.pull(100, false)).toEqual([]);
    await t1.query('commit');
    const both = await fin.pull();
    expect(both.map((c) => [c.id, c.content])).toEqual([
      [gid('VisitLog', visitA!.id), 'T1 的修改'],
      [gid('VisitLog', visitB!.id), 'T2 的修改'],
    ]);

    // the other way round: the older transaction commits first and is handed out; the newer still arrives
    await t2.query('begin');
    await t2.query(`update visit_log set content = 'T2 再改' where id = $1`, [visitB!.id]);
    const { rows } = await t2.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
    await t1.query('begin');
    await t1.query(`update visit_log set content = 'T1 再改' where id = $1`, [visitA!.id]);
    await t2.query('commit');
    await horizon.passed(rows[0]!.xid);
    expect((await fin.pull(100, false)).map((c) => [c.id, c.content])).toEqual([[gid('VisitLog', visitB!.id), 'T2 再改']]);
    await t1.query('commit');
    expect((await fin.pull()).map((c) => [c.id, c.content])).toEqual([[gid('VisitLog', visitA!.id), 'T1 再改']]);
    expect(await fin.pull()).toEqual([]);
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
  });

  it('a change racing a pairing move reaches the unit that gains the record (link changes serialise with content writes)', async () => {
    const [pow, fin] = await copies('pow', 'fin');
    const [writer, mover] = [await connection(), await connection()];
    // h0 is finance's: wei–h0. A member update runs while the county moves the pairing to power.
    const [member] = await membersOf(0);
    await writer.query('begin');
    await writer.query(`update member set name = '并发改名' where id = $1`, [member!.id]);
    await mover.query('begin');
    let moved = false;
    const move = mover
      .query(`update cadre_household_pairing set cadre_id = $1 where id = $2`, [cadre.huang, pairing.weiH0])
      .then(() => (moved = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(moved).toBe(false); // the move waits for the content write to finish
    await writer.query('commit');
    await move;
    await mover.query('commit');
    const gained = await pow.pull();
    expect(gained.find((c) => c.id === gid('Member', member!.id))).toMatchObject({ name: '并发改名' });
    expect(tombstones(await fin.pull())).toContain(gid('Member', member!.id));

    // and the other way round: the content write waits for the move, then is logged for the new unit too
    await mover.query('begin');
    await mover.query(`update cadre_household_pairing set cadre_id = $1 where id = $2`, [cadre.wei, pairing.weiH0]);
    await writer.query('begin');
    const write = writer.query(`update member set name = '移回后改名' where id = $1`, [member!.id]);
    await mover.query('commit');
    await write;
    await writer.query('commit');
    expect((await fin.pull()).find((c) => c.id === gid('Member', member!.id))).toMatchObject({ name: '移回后改名' });
    expect(tombstones(await pow.pull())).toContain(gid('Member', member!.id));
    expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
    expect(pow.versions()).toEqual(await visibleThroughLists(server, as.pow));
  });

  it('interleaved, overlapping writes of several units: no change lost, none leaked', async () => {
    const [fin, pow, agr] = await copies('fin', 'pow', 'agr');
    const units = { fin, pow, agr };
    const writers = [await connection(), await connection(), await connection()];
    // what each unit may ever see: finance and power trade household h1; agri's and power's own records stay theirs
    const neverFinance = new Set([
      gid('CadreHouseholdPairing', pairing.huangH2),
      gid('Household', householdRow(2)),
      ...(await membersOf(2)).map((m) => gid('Member', m.id)),
    ]);
    const neverPower = new Set([gid('HelperUnit', unit.finance), gid('Cadre', cadre.luo), gid('Cadre', cadre.wei)]);
    const agriOnly = new Set([gid('HelperUnit', unit.agri)]);
    let seed = 20161231;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pairings = [pairing.weiH0, pairing.weiH1, pairing.huangH2];
    const members = [...(await membersOf(0)), ...(await membersOf(1)), ...(await membersOf(2))].map((m) => m.id);
    const households = [householdRow(0), householdRow(1), householdRow(2)];
    const statements = [
      (i: number) => ({ text: `update member set name = $1 where id = $2`, values: [`改名${i}`, members[random(members.length)]] }),
      (i: number) => ({
        text: `update household set address = $1 where id = $2`,
        values: [`地址${i}`, households[random(households.length)]],
      }),
      (i: number) => ({
        text: `insert into visit_log (cadre_household_pairing_id, visited_on, mode, content) values ($1, '2016-06-01', 'PHONE', $2)`,
        values: [pairings[random(pairings.length)], `走访${i}`],
      }),
      (i: number) => ({
        text: `update visit_log set content = $1 where id = (select max(id) from visit_log where cadre_household_pairing_id = $2)`,
        values: [`改访${i}`, pairings[random(pairings.length)]],
      }),
      () => ({
        text: `delete from visit_log where id = (select min(id) from visit_log where cadre_household_pairing_id = $1)`,
        values: [pairings[random(pairings.length)]],
      }),
      // household h1 moves between finance's and power's cadres
      () => ({
        text: `update cadre_household_pairing set cadre_id = $1 where id = $2`,
        values: [random(2) ? cadre.wei : cadre.huang, pairing.weiH1],
      }),
    ];
    let aborted = 0;
    for (let round = 0; round < 25; round++) {
      // each writer opens a transaction and writes; commits come in a shuffled order while the units pull
      const work = writers.map(async (client, w) => {
        await client.query('begin');
        try {
          for (let k = 0; k < 1 + random(3); k++) {
            const statement = statements[random(statements.length)]!(round * 10 + w * 3 + k);
            await client.query(statement.text, statement.values);
          }
          await new Promise((resolve) => setTimeout(resolve, random(30)));
          await client.query('commit');
        } catch (error) {
          // two writers may deadlock (PostgreSQL picks one to abort): that transaction simply did not happen
          if (!['40P01', '23503'].includes((error as { code?: string }).code ?? '')) throw error;
          aborted += 1;
          await client.query('rollback');
        }
      });
      const pulls = Object.values(units).map(async (r) => {
        await new Promise((resolve) => setTimeout(resolve, random(40)));
        await r.page(3);
      });
      await Promise.all([...work, ...pulls]);
    }
    for (const [name, r] of Object.entries(units)) {
      await r.pull(3);
      // the copy is exactly what the unit sees now: every change arrived, none lost on the way
      expect(r.versions(), name).toEqual(await visibleThroughLists(server, as[name as keyof typeof units]));
      // a record comes at most once a page, and never goes back to an older version
      const latest = new Map<string, number>();
      for (const page of r.pages) {
        expect(new Set(ids(page)).size).toBe(page.length);
        for (const change of page) {
          if (change.__typename === 'DeletedRecord') latest.delete(change.id);
          else {
            expect(change.version).toBeGreaterThanOrEqual(latest.get(change.id) ?? 0);
            latest.set(change.id, change.version);
          }
        }
      }
    }
    const seenBy = (r: Replica) => new Set(r.pages.flat().map((c) => c.id as string));
    expect([...seenBy(units.fin)].filter((id) => neverFinance.has(id) || agriOnly.has(id))).toEqual([]);
    expect([...seenBy(units.pow)].filter((id) => neverPower.has(id) || agriOnly.has(id))).toEqual([]);
    expect([...seenBy(units.agr)].filter((id) => neverFinance.has(id) || neverPower.has(id))).toEqual([]);
    expect(aborted).toBeLessThan(25 * writers.length); // the run did write
  });

  it('refuses stale, forged and foreign cursors, bad page sizes and roles that do not sync, with clear errors', async () => {
    const [fin] = await copies('fin');
    const error = async (variables: Any, who: { cookie: string } = as.fin) => {
      const result = await server.graphql<Any>(PULL, variables, who);
      expect(result.data ?? null).toBeNull();
      return result.errors![0]!;
    };
    const forged = await error({ since: 'bm90LWEtY3Vyc29y' });
    expect(forged.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'since' }] });
    expect(forged.message).toMatch(/since/);
    const json = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    expect((await error({ since: json(['c1', unit.finance, '99999999999', '', 0]) })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'since' }],
    });
    expect((await error({ since: json(['c1', unit.finance, '12', 'Household; drop table x', 0]) })).extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
    // another unit's cursor
    const foreign = await error({ since: fin.cursor }, as.pow);
    expect(foreign.extensions!.code).toBe('BAD_USER_INPUT');
    expect(foreign.message).toMatch(/另一个帮扶单位/);
    expect((await error({ first: 0 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first' }] });
    expect((await error({ first: 501 })).extensions!.code).toBe('BAD_USER_INPUT');
    expect((await error({ unit: gid('HelperUnit', unit.power) })).extensions!.code).toBe('FORBIDDEN');
    expect((await error({}, as.clerk)).extensions!.code).toBe('FORBIDDEN');
    expect((await error({}, as.analyst)).extensions!.code).toBe('FORBIDDEN');
    expect((await error({}, as.admin)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'helperUnitId' }] });
    expect((await error({ unit: gid('HelperUnit', 99999) }, as.admin)).extensions!.code).toBe('NOT_FOUND');
    const anonymous = await server.graphql<Any>(PULL, {});
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    // pruning the log expires the cursors before it: they must start again from a snapshot
    await database.db.updateTable('visitLog').set({ followUps: '过期前' }).where('cadreHouseholdPairingId', '=', pairing.weiH0).execute();
    const pruned = await database.db
      .selectNoFrom((eb) => eb.fn<number>('hub_prune_twinning_changes', [eb.val('0 seconds')]).as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(pruned.n)).toBeGreaterThan(0);
    const expired = await error({ since: fin.cursor });
    expect(expired.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'since' }] });
    expect(expired.message).toMatch(/过期/);
    const fresh = replica('fin');
    await fresh.pull();
    expect(fresh.versions()).toEqual(await visibleThroughLists(server, as.fin));
  });

  it('an administrator reads any unit’s sync as that unit would, unmasked', async () => {
    const asAdmin = new Replica(server, as.admin, gid('HelperUnit', unit.power), () => horizon.passed());
    await asAdmin.pull();
    expect(asAdmin.versions()).toEqual(await visibleThroughLists(server, as.pow));
    const mobiles = await gql(
      `query ($u: ID) { twinningChanges(helperUnitId: $u) { changes { ... on Cadre { mobile } } } }`,
      { u: gid('HelperUnit', unit.power) },
      as.admin,
    );
    expect(mobiles.twinningChanges.changes.filter((c: Any) => c.mobile).map((c: Any) => c.mobile)).toEqual(['13907760003']);
  });

  it('another database’s long transaction neither expires a fresh snapshot’s cursor nor holds changes back', async () => {
    // xids are cluster-wide: a transaction of another database, begun before the log is pruned, is still
    // running in every snapshot of this one, but can never write this database's log
    const other = await freshDatabase();
    const foreign = new pg.Client({ connectionString: other.url });
    await foreign.connect();
    clients.push(foreign);
    await foreign.query('begin');
    const { rows: began } = await foreign.query<{ xid: string }>('select pg_current_xact_id()::text as xid');
    try {
      await database.db.updateTable('visitLog').set({ followUps: '清理前' }).where('cadreHouseholdPairingId', '=', pairing.weiH0).execute();
      await sql`select hub_prune_twinning_changes('0 seconds')`.execute(database.db);
      const { rows } = await sql<{ pruned: string; held: boolean }>`select pruned_through::text as pruned,
        pg_snapshot_xmin(pg_current_snapshot()) <= ${began[0]!.xid}::xid8 as held from twinning_change_horizon`.execute(database.db);
      // the case itself: the pruning came after the foreign transaction began, which still holds the snapshots' xmin
      expect(BigInt(rows[0]!.pruned)).toBeGreaterThan(BigInt(began[0]!.xid));
      expect(rows[0]!.held).toBe(true);

      // a snapshot of several pages, read with no waiting: its cursor is never refused as expired
      const fin = replica('fin');
      await fin.pull(2, false);
      expect(fin.pages.length).toBeGreaterThan(2);
      expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));

      // what this database commits meanwhile is handed out at once, not after the foreign transaction
      const [visit] = await database.db
        .selectFrom('visitLog')
        .select('id')
        .where('cadreHouseholdPairingId', '=', pairing.weiH0)
        .orderBy('id')
        .execute();
      await database.db.updateTable('visitLog').set({ content: '外库事务期间的修改' }).where('id', '=', visit!.id).execute();
      expect((await fin.pull(100, false)).map((c) => [c.id, c.content])).toEqual([[gid('VisitLog', visit!.id), '外库事务期间的修改']]);
      // while a transaction of this database, begun later, still holds what follows it back until it commits
      const local = await connection();
      await local.query('begin');
      await local.query(`update visit_log set content = '本库未提交' where id = $1`, [visit!.id]);
      await database.db.updateTable('cadre').set({ mobile: '13907760009' }).where('id', '=', cadre.luo).execute();
      expect(await fin.pull(100, false)).toEqual([]);
      await local.query('commit');
      expect(sorted(ids(await fin.pull(100, false)))).toEqual(sorted([gid('VisitLog', visit!.id), gid('Cadre', cadre.luo)]));
      expect(fin.versions()).toEqual(await visibleThroughLists(server, as.fin));
    } finally {
      await foreign.query('rollback');
    }
  });
});

describe('partner sync on the demo county', () => {
  it(
    'the seed leaves no change log and expires older cursors; the demo partner snapshots, then pulls what changes',
    { timeout: 180_000 },
    async () => {
      const database = await freshDatabase('demo');
      const { rows } = await sql<{
        n: number;
        prunedThrough: string;
      }>`select (select count(*)::int from twinning_change) as n, pruned_through::text from twinning_change_horizon`.execute(database.db);
      expect(rows[0]).toMatchObject({ n: 0 });
      expect(BigInt(rows[0]!.prunedThrough)).toBeGreaterThan(0n);
      const server = await startServer(database);
      const horizon = new Horizon(database.url);
      try {
        const partner = { cookie: await server.signIn('partner', inject('demoPassword')) };
        const copy = new Replica(server, partner, null, () => horizon.passed());
        await copy.pull(500);
        expect(copy.versions()).toEqual(await visibleThroughLists(server, partner));
        expect(new Set([...copy.records.values()].map((r) => r.__typename))).toEqual(
          new Set([
            'HelperUnit',
            'Cadre',
            'UnitVillagePairing',
            'Household',
            'Member',
            'HouseholdIncome',
            'CadreHouseholdPairing',
            'VisitLog',
            'AssistanceMeasure',
          ]),
        );
        const member = [...copy.records.values()].find((r) => r.__typename === 'Member')!;
        await database.db
          .updateTable('member')
          .set({ name: '演示改名' })
          .where('id', '=', Number(Buffer.from(member.id, 'base64').toString().split(':')[1]))
          .execute();
        expect((await copy.pull()).map((c) => [c.id, c.name])).toEqual([[member.id, '演示改名']]);
      } finally {
        await horizon.close();
      }
    },
  );
});
