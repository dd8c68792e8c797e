import { parse } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { asViewer, resolveViewer, type Database } from '../schema/src/index';
import { seedDemo } from '../schema/src/demo/index';
import { generateDemo } from '../schema/src/demo/generate';
import { generateCounties } from '../schema/src/demo/counties';
import { checkResidentId } from '../schema/src/households/residentId';
import { globalId } from '../schema/src/graph/ids';
import { signIn } from '../schema/src/access/signIn';
import { freshDatabase, type TestDatabase } from './support/database';
import { confirm, countOf, preview, undo } from './support/importJobs';
import { buildRegisterFile } from './support/registerSheet';
import { startServer, type TestServer } from './support/server';
import { Horizon } from './support/sync';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const HOUSEHOLDS = 700;

/**
 * Several counties in one hub (issue 16), from `seed --demo --counties 2`: Lingyun first as the one-county
 * seed makes it, a second county with its own national codes; a county administrator of county 2 sees and
 * manages county 2 only (records, divisions, users, imports, figures, exports) in the graph and in row
 * security; the province analyst reads across counties, a county analyst her county; a partner unit's
 * pairings span counties.
 */
describe('many counties in one hub', () => {
  let database: TestDatabase;
  let server: TestServer;
  const password = inject('demoPassword');
  const cookies: Record<string, string> = {};
  const as =
    (user: string) =>
    (query: string, variables: Any = {}) =>
      server.graphql<Any>(query, variables, { cookie: cookies[user]! });
  /** per county id: its households' ids, and a township, as the owner reads them */
  const households = new Map<number, number[]>();
  const township = new Map<number, number>();

  const countyGid = (id: number) => globalId('County', id);

  beforeAll(async () => {
    database = await freshDatabase('empty');
    // given the database (not its Kysely), the seed streams each county into COPY, as `pnpm hub seed` does
    await seedDemo(database, { password, counties: 2, households: HOUSEHOLDS });
    server = await startServer(database);
    for (const user of ['admin', 'clerk', 'analyst', 'partner', 'admin.451027', 'admin.451028'])
      cookies[user] = await server.signIn(user, password);
    const rows = await database.db
      .selectFrom('household')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select(['household.id', 'township.countyId', 'township.id as townshipId'])
      .orderBy('household.id')
      .execute();
    for (const row of rows) {
      households.set(row.countyId, [...(households.get(row.countyId) ?? []), row.id]);
      if (!township.has(row.countyId)) township.set(row.countyId, row.townshipId);
    }
  }, 120_000);

  describe('the seed', () => {
    it('builds Lingyun first exactly as the one-county seed, then a county of its own codes', async () => {
      const lingyun = generateDemo({ households: HOUSEHOLDS });
      const counties = await database.db.selectFrom('county').select(['id', 'code', 'name']).orderBy('id').execute();
      expect(counties).toEqual([
        { id: 1, code: '451027000000', name: '凌云县' },
        { id: 2, code: '451028000000', name: '乐业县' },
      ]);
      expect(households.get(1)).toEqual(lingyun.household.map((h) => h.id));
      const first = await database.db
        .selectFrom('household')
        .select(['householdNumber'])
        .where('id', '<=', lingyun.household.length)
        .orderBy('id')
        .execute();
      expect(first.map((h) => h.householdNumber)).toEqual(lingyun.household.map((h) => h.householdNumber));
      expect(households.get(2)!.length).toBeGreaterThan(HOUSEHOLDS * 0.8);
    });

    it('loads, county by county through COPY, exactly the rows generated for both counties', async () => {
      const generated = generateCounties(2, { households: HOUSEHOLDS });
      const stored = await database.db.selectFrom('household').selectAll().orderBy('id').execute();
      expect(stored.map((h) => [h.id, h.householdNumber, h.villageId, h.status, h.secondaryCauses, h.hasRoad, h.arableLandMu])).toEqual(
        generated.household.map((h) => [h.id, h.householdNumber, h.villageId, h.status, h.secondaryCauses, h.hasRoad, h.arableLandMu]),
      );
      const members = await database.db
        .selectFrom('member')
        .select(['id', 'householdId', 'personNumber', 'name', 'residentId', 'birthDate', 'hasMedicalInsurance'])
        .orderBy('id')
        .execute();
      expect(members).toEqual(
        generated.member.map((m) => ({
          id: m.id,
          householdId: m.householdId,
          personNumber: m.personNumber,
          name: m.name,
          residentId: m.residentId ?? null,
          birthDate: m.birthDate,
          hasMedicalInsurance: m.hasMedicalInsurance,
        })),
      );
      // the sequences moved past the ids used: a new record gets a fresh id
      const { rows } = await sql<{ next: number }>`select nextval(pg_get_serial_sequence('member', 'id'))::int as next`.execute(
        database.db,
      );
      expect(rows[0]!.next).toBe(generated.member.length + 1);
    });

    it('gives every county its codes: 12-digit village codes, household and person numbers and ID numbers under its own code', async () => {
      const { rows } = await sql<{ county: string; bad: number }>`
        select c.code as county, count(*) filter (where v.code not like substr(c.code, 1, 6) || '%'
          or h.household_number not like substr(c.code, 1, 6) || '%' or m.person_number not like substr(c.code, 1, 6) || '%'
          or m.resident_id not like substr(c.code, 1, 6) || '%')::int as bad
        from county c join township t on t.county_id = c.id join village v on v.township_id = t.id
          join household h on h.village_id = v.id join member m on m.household_id = h.id
        group by c.code order by c.code`.execute(database.db);
      expect(rows).toEqual([
        { county: '451027000000', bad: 0 },
        { county: '451028000000', bad: 0 },
      ]);
      const ids = await database.db.selectFrom('member').select('residentId').where('residentId', 'like', '451028%').limit(200).execute();
      expect(ids.length).toBe(200);
      for (const { residentId } of ids) expect(checkResidentId(residentId!).ok).toBe(true);
    });

    it('keeps units above the county as one record, paired in both counties', async () => {
      const { rows } = await sql<{ name: string; counties: number }>`
        select u.name, count(distinct t.county_id)::int as counties from helper_unit u
          join cadre c on c.helper_unit_id = u.id join cadre_household_pairing p on p.cadre_id = c.id
          join household h on h.id = p.household_id join village v on v.id = h.village_id join township t on t.id = v.township_id
        where u.name = '广东省深圳市对口帮扶工作组' group by u.name`.execute(database.db);
      expect(rows).toEqual([{ name: '广东省深圳市对口帮扶工作组', counties: 2 }]);
      const lingyunUnits = await database.db.selectFrom('helperUnit').select('name').where('name', 'like', '凌云%').execute();
      const leyeUnits = await database.db.selectFrom('helperUnit').select('name').where('name', 'like', '乐业%').execute();
      expect(leyeUnits.length).toBe(lingyunUnits.length);
    });
  });

  describe('figures by county', () => {
    it('groups and filters householdsStats by county, from the tally, as counts of the rows', async () => {
      const result = await as('analyst')(`{
        byCounty: householdsStats(groupBy: [COUNTY]) { county { id name } count }
        leye: householdsStats(groupBy: [TOWNSHIP], filter: { countyId: "${countyGid(2)}" }) { township { id } count }
      }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.byCounty).toEqual([
        { county: { id: countyGid(1), name: '凌云县' }, count: households.get(1)!.length },
        { county: { id: countyGid(2), name: '乐业县' }, count: households.get(2)!.length },
      ]);
      const leye = result.data!.leye as { count: number }[];
      expect(leye).toHaveLength(8);
      expect(leye.reduce((sum, row) => sum + row.count, 0)).toBe(households.get(2)!.length);
    });

    it('gives povertyOverview for the province, for one county, and for both adding up', async () => {
      const result = await as('analyst')(`{
        all: povertyOverview(year: 2015) { poorPeople poorHouseholds ruralPopulation villagesExited }
        one: povertyOverview(year: 2015, divisionId: "${countyGid(1)}") { poorPeople poorHouseholds ruralPopulation villagesExited }
        two: povertyOverview(year: 2015, divisionId: "${countyGid(2)}") { poorPeople poorHouseholds ruralPopulation villagesExited }
      }`);
      expect(result.errors).toBeUndefined();
      const { all, one, two } = result.data!;
      for (const key of ['poorPeople', 'poorHouseholds', 'ruralPopulation', 'villagesExited']) expect(all[key]).toBe(one[key] + two[key]);
      expect(one.poorHouseholds).toBeGreaterThan(0);
      expect(two.poorHouseholds).toBeGreaterThan(0);
    });
  });

  describe('a county administrator (county 2)', () => {
    const leye = () => as('admin.451028');

    it('lists and counts only her county’s records, and reads another county’s as not found', async () => {
      const result = await leye()(
        `query ($id: ID!, $c: ID!) {
        households(first: 1) { totalCount }
        villages(first: 1) { totalCount }
        counties(first: 5) { nodes { name } }
        node(id: $id) { id }
        other: households(first: 1, filter: { countyId: $c }) { totalCount }
        stats: householdsStats(groupBy: [COUNTY]) { county { name } count }
      }`,
        { id: globalId('Household', households.get(1)![0]!), c: countyGid(1) },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.households.totalCount).toBe(households.get(2)!.length);
      expect(result.data!.villages.totalCount).toBe(100);
      expect(result.data!.counties.nodes).toEqual([{ name: '乐业县' }]);
      expect(result.data!.node).toBeNull();
      expect(result.data!.other.totalCount).toBe(0);
      expect(result.data!.stats).toEqual([{ county: { name: '乐业县' }, count: households.get(2)!.length }]);
    });

    it('reads her county’s figures, and is refused another county’s', async () => {
      const own = await leye()(`{ povertyOverview(year: 2015) { poorHouseholds } }`);
      const analyst = await as('analyst')(`{ povertyOverview(year: 2015, divisionId: "${countyGid(2)}") { poorHouseholds } }`);
      expect(own.data!.povertyOverview).toEqual(analyst.data!.povertyOverview);
      for (const divisionId of [countyGid(1), globalId('Township', township.get(1)!)]) {
        const refused = await leye()(`{ povertyOverview(year: 2015, divisionId: "${divisionId}") { poorHouseholds } }`);
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('follows her county’s targets only, her county’s own county-level ones included', async () => {
      const result = await leye()(`{ targetProgress(year: 2016) { level county { id } township { id } village { id } } }`);
      expect(result.errors).toBeUndefined();
      const rows = result.data!.targetProgress as {
        level: string;
        county: { id: string };
        township: { id: string } | null;
        village: { id: string } | null;
      }[];
      const theirs = await database.db
        .selectFrom('target')
        .innerJoin('township', 'township.id', 'target.townshipId')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('target.year', '=', 2016)
        .where('township.countyId', '=', 2)
        .executeTakeFirstOrThrow();
      expect(theirs.n).toBeGreaterThan(0);
      expect(rows.filter((r) => r.level === 'TOWNSHIP')).toHaveLength(theirs.n);
      // the seed gives every county the demo shape's county-level targets, as its own
      expect(rows.filter((r) => r.level === 'COUNTY')).toHaveLength(3);
      expect(rows.every((r) => r.county.id === countyGid(2))).toBe(true);
    });

    it('edits her county’s records and none of another county’s, nor the hub’s reference data', async () => {
      const [mine, theirs] = await Promise.all(
        [households.get(2)![0]!, households.get(1)![0]!].map((id) =>
          database.db.selectFrom('household').select(['id', 'version']).where('id', '=', id).executeTakeFirstOrThrow(),
        ),
      );
      const update = (h: { id: number; version: number }) =>
        leye()(
          `mutation ($id: ID!, $v: Int!) { updateHousehold(input: { id: $id, version: $v, patch: { phone: "13877000001" } }) { household { id } } }`,
          {
            id: globalId('Household', h.id),
            v: h.version,
          },
        );
      expect((await update(mine!)).errors).toBeUndefined();
      const refused = await update(theirs!);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const line = await database.db.selectFrom('povertyLine').select(['id', 'version']).orderBy('id').executeTakeFirstOrThrow();
      const shared = await leye()(
        `mutation ($id: ID!, $v: Int!) { updatePovertyLine(input: { id: $id, version: $v, patch: { source: "x" } }) { povertyLine { id } } }`,
        {
          id: globalId('PovertyLine', line.id),
          v: line.version,
        },
      );
      expect(shared.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('sees and manages only her county’s users, and cannot create one outside it', async () => {
      const users = await leye()(`{ users { username counties { name } } }`);
      expect(users.errors).toBeUndefined();
      expect(users.data!.users).toEqual([{ username: 'admin.451028', counties: [{ name: '乐业县' }] }]);
      const create = (input: Any) =>
        leye()(`mutation ($input: CreateUserInput!) { createUser(input: $input) { username townships { name } counties { name } } }`, {
          input: { displayName: '录入员', password: 'a long password', ...input },
        });
      const own = await create({ username: 'leye-clerk', role: 'CLERK', townshipIds: [globalId('Township', township.get(2)!)] });
      expect(own.errors).toBeUndefined();
      for (const input of [
        { username: 'x1', role: 'CLERK', townshipIds: [globalId('Township', township.get(1)!)] },
        { username: 'x2', role: 'ANALYST', countyIds: [countyGid(1)] },
        { username: 'x3', role: 'ANALYST' },
        { username: 'x4', role: 'ADMIN' },
      ]) {
        const refused = await create(input);
        expect(refused.errors?.[0]?.extensions?.code, input.username).toBe('FORBIDDEN');
      }
      expect(
        await database.db.selectFrom('appUser').select('username').where('username', 'in', ['x1', 'x2', 'x3', 'x4']).execute(),
      ).toEqual([]);
      // another county's users are not found, to change or to reset
      const clerk = await database.db
        .selectFrom('appUser')
        .select(['id', 'version'])
        .where('username', '=', 'clerk')
        .executeTakeFirstOrThrow();
      const reset = await leye()(`mutation ($id: ID!) { resetPassword(id: $id, newPassword: "another long one") { id } }`, {
        id: globalId('User', clerk.id),
      });
      expect(reset.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const update = await leye()(
        `mutation ($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, patch: { disabled: true } }) { id } }`,
        {
          id: globalId('User', clerk.id),
          v: clerk.version,
        },
      );
      expect(update.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const tokens = await leye()(`mutation { createApiToken(name: "t", username: "clerk") { token } }`);
      expect(tokens.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('exports only her county’s rows', async () => {
      const response = await fetch(`${server.url}/export/households.csv`, { headers: { cookie: cookies['admin.451028']! } });
      expect(response.status).toBe(200);
      const lines = (await response.text()).trim().split('\n');
      expect(lines.length - 1).toBe(households.get(2)!.length);
      expect(lines.slice(1).every((line) => line.startsWith('451028') || line.includes(',451028'))).toBe(true);
    });

    it('does not see the hub administrator’s imports nor sync a unit’s pairings across counties', async () => {
      const jobs = await leye()(`{ importJobs { totalCount } }`);
      expect(jobs.errors).toBeUndefined();
      expect(jobs.data!.importJobs.totalCount).toBe(0);
      const sync = await leye()(`{ twinningChanges(first: 1, helperUnitId: "${globalId('HelperUnit', 1)}") { cursor } }`);
      expect(sync.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  /** The viewer's households as the CSV export gives them (`query`: its filter), by header. */
  const exportedHouseholds = async (user: string, query = '') => {
    const response = await fetch(`${server.url}/export/households.csv${query}`, { headers: { cookie: cookies[user]! } });
    expect(response.status).toBe(200);
    return parse(
      Buffer.from(await response.arrayBuffer())
        .subarray(3)
        .toString('utf8'),
      { columns: true },
    ) as Record<string, string>[];
  };
  /** Rows as a CSV file the hub reads back, headed as the first. */
  const csvFile = (records: Record<string, string>[]) =>
    Buffer.from(`\uFEFF${[Object.keys(records[0]!), ...records.map((r) => Object.values(r))].map(csvLine).join('\n')}\n`, 'utf8');

  describe('a county’s imports (county 2)', () => {
    /** The viewer's households as exported, with a note written on the first one: what a clerk imports back. */
    const editedExport = async (user: string, note: string) => {
      const records = await exportedHouseholds(user);
      records[0]!['备注'] = note;
      return { bytes: csvFile(records), id: Number(Buffer.from(records[0]!['记录标识']!, 'base64').toString().split(':')[1]) };
    };
    const jobsOf = async (user: string) => {
      const result = await as(user)(`{ importJobs { totalCount nodes { id } } }`);
      expect(result.errors).toBeUndefined();
      return (result.data!.importJobs.nodes as { id: string }[]).map((j) => j.id);
    };
    let leyeJob = '';
    let hubJob = '';

    beforeAll(async () => {
      const clerk = await as('admin.451028')(
        `mutation ($t: [ID!]) {
        createUser(input: { username: "leye-township-clerk", displayName: "乐业县乡镇录入员", role: CLERK, password: "a long password", townshipIds: $t }) { id }
      }`,
        { t: [globalId('Township', township.get(2)!)] },
      );
      expect(clerk.errors).toBeUndefined();
      cookies['leye-township-clerk'] = await server.signIn('leye-township-clerk', 'a long password');
      const leye = await editedExport('leye-township-clerk', '乐业县导入');
      const previewed = await preview(server, cookies['leye-township-clerk']!, 'households', 'leye.csv', leye.bytes);
      expect(previewed.problems).toEqual([]);
      const applied = await confirm(server, cookies['leye-township-clerk']!, previewed.id);
      expect(applied.status).toBe('APPLIED');
      leyeJob = applied.id;
      const hub = await editedExport('clerk', '凌云县导入');
      hubJob = (await preview(server, cookies.admin!, 'households', 'lingyun.csv', hub.bytes)).id;
    }, 120_000);

    it('lists her county clerk’s import to her, and neither the hub administrator’s nor another county’s', async () => {
      expect(await jobsOf('admin.451028')).toEqual([leyeJob]);
      expect(await jobsOf('admin.451027')).toEqual([]);
      expect(await jobsOf('leye-township-clerk')).toEqual([leyeJob]);
      expect(new Set(await jobsOf('admin'))).toEqual(new Set([leyeJob, hubJob]));
      const other = await as('admin.451028')(`query ($id: ID!) { importJob(id: $id) { id } }`, { id: hubJob });
      expect(other.errors).toBeUndefined();
      expect(other.data!.importJob).toBeNull();
      const confirmOther = await as('admin.451028')(`mutation ($id: ID!) { confirmImport(id: $id) { id } }`, { id: hubJob });
      expect(confirmOther.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const undoByLingyun = await as('admin.451027')(`mutation ($id: ID!) { undoImport(id: $id) { id } }`, { id: leyeJob });
      expect(undoByLingyun.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('takes her county’s national register into her county’s divisions, though the first county is another', async () => {
      const file = await buildRegisterFile(database.db, { format: 'csv-utf8', townships: 1, households: 3, countyId: 2 });
      const job = await preview(server, cookies['admin.451028']!, 'households', file.name, file.bytes);
      expect(job.kind).toBe('NATIONAL_REGISTER');
      expect(job.problems).toEqual([]);
      expect(countOf(job, 'Household')).toMatchObject({ created: 0, updated: 0, unchanged: 3, deleted: 0 });
    });

    it('lets her undo her county clerk’s import, which puts the record back', async () => {
      const id = Number(Buffer.from(leyeJob, 'base64').toString().split(':')[1]);
      const changed = await database.db.selectFrom('auditLog').select('recordId').where('importJobId', '=', id).executeTakeFirstOrThrow();
      const noteNow = async () =>
        (await database.db.selectFrom('household').select('note').where('id', '=', Number(changed.recordId)).executeTakeFirstOrThrow())
          .note;
      expect(await noteNow()).toBe('乐业县导入');
      const undone = await undo(server, cookies['admin.451028']!, leyeJob);
      expect(undone.status).toBe('UNDONE');
      expect(await noteNow()).toBe('');
    });
  });

  describe('each county its own day of record', () => {
    it('reads a county’s figures as of its own day, and tells the province which county is as of which day', async () => {
      const leye = await database.db.selectFrom('county').select('version').where('id', '=', 2).executeTakeFirstOrThrow();
      const setDay = (asOf: string | null, version: number) =>
        as('admin')(
          `mutation ($id: ID!, $v: Int!, $d: Date) { updateCounty(input: { id: $id, version: $v, patch: { asOf: $d } }) { county { asOf version } } }`,
          { id: countyGid(2), v: version, d: asOf },
        );
      // 乐业县 loads its report three months after 凌云县 (both seeded as of 2016-06-30)
      const set = await setDay('2016-09-30', leye.version);
      expect(set.errors).toBeUndefined();
      try {
        const days = `{ dayOfRecord { asOf configured latestYear counties { county { name } asOf configured } } alerts { asOf } }`;
        const province = await as('analyst')(
          `query ($one: ID!, $two: ID!) {
            dayOfRecord { asOf configured counties { county { name } asOf configured } }
            all: povertyOverview(year: 2016) { asOf }
            one: povertyOverview(year: 2016, divisionId: $one) { asOf }
            two: povertyOverview(year: 2016, divisionId: $two) { asOf }
          }`,
          { one: countyGid(1), two: countyGid(2) },
        );
        expect(province.errors).toBeUndefined();
        expect(province.data).toEqual({
          // the province's figures reach the latest county's day; each county's day is told
          dayOfRecord: {
            asOf: '2016-09-30',
            configured: true,
            counties: [
              { county: { name: '凌云县' }, asOf: '2016-06-30', configured: true },
              { county: { name: '乐业县' }, asOf: '2016-09-30', configured: true },
            ],
          },
          all: { asOf: '2016-09-30' },
          one: { asOf: '2016-06-30' },
          two: { asOf: '2016-09-30' },
        });
        for (const [user, name, asOf] of [
          ['admin.451027', '凌云县', '2016-06-30'],
          ['clerk', '凌云县', '2016-06-30'],
          ['admin.451028', '乐业县', '2016-09-30'],
        ] as const) {
          const own = await as(user)(days);
          expect(own.errors, user).toBeUndefined();
          expect(own.data, user).toEqual({
            dayOfRecord: { asOf, configured: true, latestYear: 2016, counties: [{ county: { name }, asOf, configured: true }] },
            alerts: { asOf },
          });
          // an export is named by its county's day
          const response = await fetch(`${server.url}/export/households.csv`, { headers: { cookie: cookies[user]! } });
          expect(response.status, user).toBe(200);
          expect(decodeURIComponent(response.headers.get('content-disposition')!), user).toContain(`-${asOf}.csv`);
          await response.arrayBuffer();
        }
        const township2 = await as('admin.451028')(`query ($t: ID!) { povertyOverview(year: 2016, divisionId: $t) { asOf } }`, {
          t: globalId('Township', township.get(2)!),
        });
        expect(township2.data!.povertyOverview).toEqual({ asOf: '2016-09-30' });
      } finally {
        expect((await setDay('2016-06-30', set.data!.updateCounty.county.version)).errors).toBeUndefined();
      }
    });
  });

  describe('row security by county', () => {
    const viewer = async (username: string) => {
      const session = await signIn(database.db, username, password);
      return (await resolveViewer(database.db, { sessionToken: session!.token }))!;
    };
    const count = (db: Kysely<Database>, table: string) =>
      sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db).then((r) => r.rows[0]!.n);

    it('shows a county administrator her county’s rows only, and refuses writes to another’s, with the graph’s scope bypassed', async () => {
      const leye = await viewer('admin.451028');
      const seen = await asViewer(database, { viewer: leye }, (db) => count(db, 'household'));
      expect(seen).toBe(households.get(2)!.length);
      const tally = await asViewer(database, { viewer: leye }, (db) =>
        sql<{ n: number }>`select coalesce(sum(households), 0)::int as n from household_tally`.execute(db).then((r) => r.rows[0]!.n),
      );
      expect(tally).toBe(households.get(2)!.length);
      const changed = await asViewer(database, { viewer: leye }, (db) =>
        sql`update household set phone = '13877000002' where id = ${households.get(1)![0]!}`
          .execute(db)
          .then((r) => Number(r.numAffectedRows)),
      );
      expect(changed).toBe(0);
    });

    it('lets a county analyst read her county and write nothing', async () => {
      const admin = await viewer('admin');
      const analyst = { ...admin, role: 'ANALYST' as const, countyIds: [1] };
      expect(await asViewer(database, { viewer: analyst }, (db) => count(db, 'household'))).toBe(households.get(1)!.length);
      const changed = await asViewer(database, { viewer: analyst }, (db) =>
        sql`update household set phone = '13877000003' where id = ${households.get(1)![0]!}`
          .execute(db)
          .then((r) => Number(r.numAffectedRows)),
      );
      expect(changed).toBe(0);
      const province = { ...admin, role: 'ANALYST' as const };
      expect(await asViewer(database, { viewer: province }, (db) => count(db, 'household'))).toBe(
        households.get(1)!.length + households.get(2)!.length,
      );
    });
  });

  describe('analysts and partners across counties', () => {
    it('gives a county analyst her county in the graph, and the province analyst both', async () => {
      const created = await as('admin')(
        `mutation ($c: [ID!]) {
        createUser(input: { username: "leye-analyst", displayName: "乐业县分析员", role: ANALYST, password: "a long password", countyIds: $c }) { counties { name } }
      }`,
        { c: [countyGid(2)] },
      );
      expect(created.errors).toBeUndefined();
      cookies['leye-analyst'] = await server.signIn('leye-analyst', 'a long password');
      const scoped = await as('leye-analyst')(`{ members(first: 1) { totalCount } households(first: 1) { totalCount } }`);
      const province = await as('analyst')(`{ households(first: 1) { totalCount } }`);
      expect(scoped.data!.households.totalCount).toBe(households.get(2)!.length);
      expect(province.data!.households.totalCount).toBe(households.get(1)!.length + households.get(2)!.length);
      const write = await as('leye-analyst')(
        `mutation { createPovertyLine(input: { year: 2030, amount: "4000.00" }) { povertyLine { id } } }`,
      );
      expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('lets a partner unit paired in both counties read its pairings in both', async () => {
      const unit = await database.db
        .selectFrom('helperUnit')
        .select('id')
        .where('name', '=', '广东省深圳市对口帮扶工作组')
        .executeTakeFirstOrThrow();
      const created = await as('admin')(
        `mutation ($u: ID!) {
        createUser(input: { username: "shenzhen", displayName: "深圳市对口帮扶联络员", role: PARTNER, password: "a long password", helperUnitId: $u }) { id }
      }`,
        { u: globalId('HelperUnit', unit.id) },
      );
      expect(created.errors).toBeUndefined();
      cookies.shenzhen = await server.signIn('shenzhen', 'a long password');
      const result = await as('shenzhen')(`{ households(first: 500) { totalCount nodes { householdNumber } } }`);
      expect(result.errors).toBeUndefined();
      const numbers = (result.data!.households.nodes as { householdNumber: string }[]).map((h) => h.householdNumber.slice(0, 6));
      expect(new Set(numbers)).toEqual(new Set(['451027', '451028']));
    });

    it('syncs a partner unit’s pairings of both counties: the snapshot holds both, and a change in either comes after it', async () => {
      const pairings = await sql<{ id: number; county: number }>`
        select p.id, t.county_id as county from cadre_household_pairing p join cadre c on c.id = p.cadre_id
          join helper_unit u on u.id = c.helper_unit_id and u.name = '广东省深圳市对口帮扶工作组'
          join household h on h.id = p.household_id join village v on v.id = h.village_id join township t on t.id = v.township_id
        order by p.id`.execute(database.db);
      const pull = async (since: string | null) => {
        const changes: Any[] = [];
        let cursor = since;
        for (let page = 0; page < 100; page++) {
          const result = await as('shenzhen')(
            `query ($s: String) { twinningChanges(since: $s, first: 500) { cursor hasMore changes { __typename ... on CadreHouseholdPairing { id note } } } }`,
            { s: cursor },
          );
          expect(result.errors).toBeUndefined();
          changes.push(...result.data!.twinningChanges.changes);
          cursor = result.data!.twinningChanges.cursor;
          if (!result.data!.twinningChanges.hasMore) break;
        }
        return { changes, cursor };
      };
      // a snapshot's position is the cluster's oldest running transaction: wait until it is past the seed's
      // (which marks the log as starting after it), or another database's long transaction expires the cursor at once
      const horizon = new Horizon(database.url);
      await horizon.passed();
      const snapshot = await pull(null);
      const pairingIds = (changes: Any[]) => changes.filter((c) => c.__typename === 'CadreHouseholdPairing').map((c) => c.id as string);
      expect(new Set(pairingIds(snapshot.changes))).toEqual(new Set(pairings.rows.map((p) => globalId('CadreHouseholdPairing', p.id))));
      expect(new Set(pairings.rows.map((p) => p.county))).toEqual(new Set([1, 2]));
      const [inLingyun, inLeye] = [1, 2].map((county) => pairings.rows.find((p) => p.county === county)!.id);
      // each county's administrator edits a pairing of her county
      for (const [user, id] of [
        ['admin.451027', inLingyun!],
        ['admin.451028', inLeye!],
      ] as const) {
        const row = await database.db.selectFrom('cadreHouseholdPairing').select('version').where('id', '=', id).executeTakeFirstOrThrow();
        const edit = await as(user)(
          `mutation ($id: ID!, $v: Int!) { updateCadreHouseholdPairing(input: { id: $id, version: $v, patch: { note: "跨县同步" } }) { cadreHouseholdPairing { id } } }`,
          { id: globalId('CadreHouseholdPairing', id), v: row.version },
        );
        expect(edit.errors).toBeUndefined();
      }
      await horizon.passed();
      await horizon.close();
      const changed = (await pull(snapshot.cursor)).changes.filter((c) => c.note === '跨县同步').map((c) => c.id as string);
      expect(new Set(changed)).toEqual(
        new Set([globalId('CadreHouseholdPairing', inLingyun!), globalId('CadreHouseholdPairing', inLeye!)]),
      );
    }, 180_000);
  });
  describe('a new row of a hub export, where village names repeat across counties', () => {
    /**
     * A row of the export made a new household: no ID nor version, a fresh number, no phone (a masked one is
     * refused) and no group (its village's namesake in another county need not have one of that name).
     */
    const newRow = (record: Record<string, string>, householdNumber: string, changes: Record<string, string> = {}) => ({
      ...record,
      户编号: householdNumber,
      联系电话: '',
      村民小组: '',
      版本: '',
      记录标识: '',
      ...changes,
    });
    const countyOfHousehold = async (householdNumber: string) =>
      (
        await database.db
          .selectFrom('household')
          .innerJoin('village', 'village.id', 'household.villageId')
          .innerJoin('township', 'township.id', 'village.townshipId')
          .innerJoin('county', 'county.id', 'township.countyId')
          .select('county.name')
          .where('household.householdNumber', '=', householdNumber)
          .executeTakeFirstOrThrow()
      ).name;

    /** Village names the seed gives one village in each county (its second county repeats Lingyun's names). */
    let shared: Set<string>;
    beforeAll(async () => {
      const { rows } = await sql<{ name: string }>`select v.name from village v join township t on t.id = v.township_id
        group by v.name having count(*) filter (where t.county_id = 1) = 1 and count(*) filter (where t.county_id = 2) = 1`.execute(
        database.db,
      );
      shared = new Set(rows.map((r) => r.name));
      expect(shared.size).toBeGreaterThan(0);
    });

    it('puts a clerk’s new row in the village of that name in her own county', async () => {
      const record = (await exportedHouseholds('clerk')).find((r) => shared.has(r['行政村']!));
      expect(record).toBeDefined();
      expect(record).not.toHaveProperty('县'); // her records lie in one county: the export is as it always was
      const cookie = cookies.clerk!;
      const job = await preview(server, cookie, 'households', 'new.csv', csvFile([newRow(record!, '45102799990001')]));
      expect(job.problems).toEqual([]);
      expect(countOf(job, 'Household')).toMatchObject({ created: 1, updated: 0 });
      expect((await confirm(server, cookie, job.id)).status).toBe('APPLIED');
      expect(await countyOfHousehold('45102799990001')).toBe('凌云县');
      expect((await undo(server, cookie, job.id)).status).toBe('UNDONE');
    });

    it('puts the hub administrator’s new row in the county its 县 cell names, and refuses one without, naming the counties', async () => {
      const cookie = cookies.admin!;
      const lingyun = await database.db
        .selectFrom('household')
        .innerJoin('village', 'village.id', 'household.villageId')
        .innerJoin('township', 'township.id', 'village.townshipId')
        .select('household.id')
        .where('township.countyId', '=', 1)
        .where('village.name', 'in', [...shared])
        .orderBy('household.id')
        .executeTakeFirstOrThrow();
      const filter = encodeURIComponent(JSON.stringify({ id: { eq: globalId('Household', lingyun.id) } }));
      const [record] = await exportedHouseholds('admin', `?filter=${filter}`);
      // the whole hub's export says whose each row is
      expect(record!['县']).toBe('凌云县');
      const named = await preview(server, cookie, 'households', 'new.csv', csvFile([newRow(record!, '45102899990001', { 县: '乐业县' })]));
      expect(named.problems).toEqual([]);
      expect(countOf(named, 'Household')).toMatchObject({ created: 1 });
      expect((await confirm(server, cookie, named.id)).status).toBe('APPLIED');
      expect(await countyOfHousehold('45102899990001')).toBe('乐业县');
      expect((await undo(server, cookie, named.id)).status).toBe('UNDONE');

      const unnamed = await preview(server, cookie, 'households', 'new.csv', csvFile([newRow(record!, '45102899990002', { 县: '' })]));
      expect(unnamed.problems).toHaveLength(1);
      expect(unnamed.problems[0]).toMatchObject({ row: 2, header: '行政村', value: record!['行政村'] });
      expect(unnamed.problems[0].message).toContain('凌云县、乐业县');
      expect(unnamed.problems[0].message).toContain('“县”列');
      expect(countOf(unnamed, 'Household')).toMatchObject({ created: 0 });
      expect(await database.db.selectFrom('household').select('id').where('householdNumber', '=', '45102899990002').execute()).toEqual([]);
    });
  });

  describe('county-level records of their own county: published figures, targets, projects, fund sources', () => {
    const leye = () => as('admin.451028');
    const INDICATOR = `publishedIndicator { id year indicator value countyName county { id } }`;

    it('lets a county administrator publish her county’s figure for a year another county published too, and keeps it hers', async () => {
      const created = await leye()(
        `mutation { createPublishedIndicator(input: { year: 2015, indicator: RURAL_NET_INCOME_PER_CAPITA, value: "6012.50" }) { ${INDICATOR} } }`,
      );
      expect(created.errors).toBeUndefined();
      const mine = created.data!.createPublishedIndicator.publishedIndicator;
      expect(mine).toMatchObject({ year: 2015, value: '6012.50', countyName: '乐业县', county: { id: countyGid(2) } });
      // the same indicator and year again in her county is taken
      const again = await leye()(
        `mutation { createPublishedIndicator(input: { year: 2015, indicator: RURAL_NET_INCOME_PER_CAPITA, value: "1" }) { ${INDICATOR} } }`,
      );
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'indicator' })],
      });
      // nor may she publish for another county
      const elsewhere = await leye()(
        `mutation ($c: ID!) { createPublishedIndicator(input: { year: 2016, indicator: RURAL_NET_INCOME_PER_CAPITA, value: "1", countyId: $c }) { ${INDICATOR} } }`,
        { c: countyGid(1) },
      );
      expect(elsewhere.errors).toBeDefined();
      const lists = `{ publishedIndicators(first: 50) { nodes { year value county { id } } } }`;
      const hers = await leye()(lists);
      expect(hers.data!.publishedIndicators.nodes).toEqual([{ year: 2015, value: '6012.50', county: { id: countyGid(2) } }]);
      const province = await as('analyst')(lists);
      const counties = (province.data!.publishedIndicators.nodes as { county: { id: string } }[]).map((n) => n.county.id);
      expect(new Set(counties)).toEqual(new Set([countyGid(1), countyGid(2)]));
      // Lingyun's is not hers to change
      const lingyun = await database.db
        .selectFrom('publishedIndicator')
        .select(['id', 'version'])
        .where('countyId', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const refused = await leye()(
        `mutation ($id: ID!, $v: Int!) { updatePublishedIndicator(input: { id: $id, version: $v, patch: { value: "1" } }) { publishedIndicator { id } } }`,
        { id: globalId('PublishedIndicator', lingyun.id), v: lingyun.version },
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      // each county's overview is compared with that county's published figures
      const overview = `query ($c: ID!) { povertyOverview(year: 2015, divisionId: $c) { publishedIndicators { value county { id } } } }`;
      const two = await leye()(overview, { c: countyGid(2) });
      expect(two.data!.povertyOverview.publishedIndicators).toEqual([{ value: '6012.50', county: { id: countyGid(2) } }]);
      const one = await as('analyst')(overview, { c: countyGid(1) });
      expect(one.data!.povertyOverview.publishedIndicators).toEqual([{ value: '5391.00', county: { id: countyGid(1) } }]);
    });

    it('counts a county’s target on its own county’s records, and keeps a target unique per county, not per hub', async () => {
      const exited = async (countyId: number) =>
        (
          await sql<{ n: number }>`select count(*)::int as n from member m join household h on h.id = m.household_id
            join village v on v.id = h.village_id join township t on t.id = v.township_id
            where h.exit_year = 2016 and t.county_id = ${countyId}`.execute(database.db)
        ).rows[0]!.n;
      const progress = `query ($c: ID) { targetProgress(year: 2016, countyId: $c) { level subject progress county { id } } }`;
      for (const id of [1, 2]) {
        const rows = (await as('analyst')(progress, { c: countyGid(id) })).data!.targetProgress as Any[];
        const people = rows.find((r) => r.level === 'COUNTY' && r.subject === 'PEOPLE_EXITED');
        expect(people, `county ${id}`).toEqual({
          level: 'COUNTY',
          subject: 'PEOPLE_EXITED',
          progress: await exited(id),
          county: { id: countyGid(id) },
        });
      }
      expect(await exited(1)).not.toBe(await exited(2));
      // a county administrator asking for another county is refused
      const refused = await leye()(progress, { c: countyGid(1) });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // a 2017 county-level goal for each county: the same subject and year, two counties
      const create = (user: string, county?: number) =>
        as(user)(
          `mutation ($c: ID) { createTarget(input: { year: 2017, level: COUNTY, subject: PEOPLE_EXITED, goal: 9000, dueDate: "2017-12-31", countyId: $c }) { target { county { id } } } }`,
          { c: county ? countyGid(county) : null },
        );
      const hers = await create('admin.451028');
      expect(hers.errors).toBeUndefined();
      expect(hers.data!.createTarget.target.county).toEqual({ id: countyGid(2) });
      const hub = await create('admin', 1);
      expect(hub.errors).toBeUndefined();
      expect((await create('admin', 2)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      // the whole hub's administrator of several counties says which county
      const unnamed = await as('admin')(
        `mutation { createTarget(input: { year: 2018, level: COUNTY, subject: PEOPLE_EXITED, goal: 1, dueDate: "2018-12-31" }) { target { id } } }`,
      );
      expect(unnamed.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'countyId' })],
      });
    });

    it('lets a county administrator create a project whose code another county uses, with her county’s money only', async () => {
      const code = await database.db.selectFrom('project').select('code').where('countyId', '=', 1).orderBy('id').executeTakeFirstOrThrow();
      const project = `mutation ($code: String!, $c: ID) {
        createProject(input: { code: $code, name: "乐业县产业项目", year: 2016, actionCategory: INDUSTRY, implementingUnit: "乐业县扶贫办", budget: "10000", countyId: $c }) {
          project { id code countyName }
        }
      }`;
      const created = await leye()(project, { code: code.code });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createProject.project).toMatchObject({ code: code.code, countyName: '乐业县' });
      // the code is hers now: the same again in her county is taken
      const taken = await as('admin')(project, { code: code.code, c: countyGid(2) });
      expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'code' })] });
      const byCode = `query ($code: String!) { projects(filter: { code: { eq: $code } }) { totalCount nodes { countyName } } }`;
      expect((await leye()(byCode, { code: code.code })).data!.projects).toEqual({ totalCount: 1, nodes: [{ countyName: '乐业县' }] });
      expect((await as('analyst')(byCode, { code: code.code })).data!.projects.totalCount).toBe(2);

      // her fund source is her county's; she sees her county's sources only
      const source = await leye()(
        `mutation { createFundSource(input: { name: "2016年县级财政扶贫资金", level: COUNTY, year: 2016, amount: "50000" }) { fundSource { id countyName } } }`,
      );
      expect(source.errors).toBeUndefined();
      expect(source.data!.createFundSource.fundSource.countyName).toBe('乐业县');
      const sources = await database.db
        .selectFrom('fundSource')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('countyId', '=', 2)
        .executeTakeFirstOrThrow();
      expect((await leye()(`{ fundSources(first: 1) { totalCount } }`)).data!.fundSources.totalCount).toBe(sources.n);
      const allocate = (user: string, fundSourceId: string) =>
        as(user)(
          `mutation ($s: ID!, $p: ID!) { createFundAllocation(input: { fundSourceId: $s, projectId: $p, amount: "100" }) { fundAllocation { id } } }`,
          { s: fundSourceId, p: created.data!.createProject.project.id },
        );
      expect((await allocate('admin.451028', source.data!.createFundSource.fundSource.id)).errors).toBeUndefined();
      // Lingyun's money does not go to her project, not even by the whole hub's administrator
      const lingyunSource = await database.db
        .selectFrom('fundSource')
        .select('id')
        .where('countyId', '=', 1)
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const crossed = await allocate('admin', globalId('FundSource', lingyunSource.id));
      expect(crossed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // nor is a Lingyun village one of her project's sites
      const lingyunVillage = await database.db
        .selectFrom('village')
        .innerJoin('township', 'township.id', 'village.townshipId')
        .select('village.id')
        .where('township.countyId', '=', 1)
        .executeTakeFirstOrThrow();
      const site = await as('admin')(
        `mutation ($p: ID!, $v: ID!) { createProjectSite(input: { projectId: $p, villageId: $v }) { projectSite { id } } }`,
        { p: created.data!.createProject.project.id, v: globalId('Village', lingyunVillage.id) },
      );
      expect(site.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('judges each record’s alerts on its own county’s day of record, in one request', async () => {
      const setDay = async (id: number, asOf: string) => {
        const { version } = await database.db.selectFrom('county').select('version').where('id', '=', id).executeTakeFirstOrThrow();
        const set = await as('admin')(
          `mutation ($id: ID!, $v: Int!, $d: Date) { updateCounty(input: { id: $id, version: $v, patch: { asOf: $d } }) { county { asOf } } }`,
          { id: countyGid(id), v: version, d: asOf },
        );
        expect(set.errors).toBeUndefined();
      };
      const alerts = `query ($asOf: Date, $f: VillageFilter, $h: HouseholdFilter) {
        alerts(asOf: $asOf) { asOf villagesBehindPlan(filter: $f) { totalCount } householdsWithoutCadre(filter: $h) { totalCount } }
      }`;
      const counts = async (asOf: string | null, county?: number) => {
        const f = county ? { countyId: countyGid(county) } : null;
        const result = await as('analyst')(alerts, { asOf, f, h: f });
        expect(result.errors).toBeUndefined();
        const a = result.data!.alerts;
        return { asOf: a.asOf, villages: a.villagesBehindPlan.totalCount, households: a.householdsWithoutCadre.totalCount };
      };
      // 乐业县 a year and a half on: its 2016 and 2017 plans are overdue, Lingyun's not
      await setDay(2, '2018-01-31');
      try {
        const [all, one, two] = await Promise.all([counts(null), counts('2016-06-30', 1), counts('2018-01-31', 2)]);
        expect(all.asOf).toBe('2018-01-31');
        expect(all.villages).toBe(one.villages + two.villages);
        expect(all.households).toBe(one.households + two.households);
        expect(two.villages).toBeGreaterThan(0);
        // on the latest day for every county, Lingyun's villages would be overdue too: the days made a difference
        const latest = await counts('2018-01-31');
        expect(latest.villages).toBeGreaterThan(all.villages);
      } finally {
        await setDay(2, '2016-06-30');
      }
    });
  });
});
