import { beforeAll, describe, expect, inject, it } from 'vitest';
import { recordPeriod } from '../admin/src/dashboard/queries';
import { dayOfRecord } from '../schema/src/divisions/dayOfRecord';
import { globalId } from '../schema/src/graph/ids';
import { countyToday } from '../schema/src/graph/validation';
import type { HubDatabase } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { countyAndTownships } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** Exact money: "1234.50" → 123450 fen. */
const fen = (amount: string) => Math.round(Number(amount) * 100);

/** Adds `amount` of each row up under `key(row)`, in fen. */
function totalsBy(rows: Any[], key: (row: Any) => string): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of rows) totals[key(row)] = (totals[key(row)] ?? 0) + fen(row.sum.amount);
  return totals;
}

/** What the dashboard asks of the graph beyond the lists: money by level and action, and the latest edits within the reader's scope. */
describe('the dashboard’s figures through the graph', () => {
  let database: HubDatabase;
  let server: TestServer;
  const cookies: Record<string, string> = {};
  const gql = (who: string, query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie: cookies[who] });

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database);
    for (const who of ['admin', 'clerk', 'analyst', 'partner']) cookies[who] = await server.signIn(who, inject('demoPassword'));
  });

  it('groups allocated and disbursed money by fund level and by action category, adding up to the grouping by source and project', async () => {
    const { data, errors } = await gql(
      'admin',
      `{ byLevel: fundAllocationsStats(groupBy: [FUND_LEVEL]) { fundLevel sum { amount } }
         byCategory: fundAllocationsStats(groupBy: [ACTION_CATEGORY]) { actionCategory sum { amount } }
         bySource: fundAllocationsStats(groupBy: [FUND_SOURCE]) { fundSource { level } sum { amount } }
         byProject: fundAllocationsStats(groupBy: [PROJECT]) { project { actionCategory } sum { amount } }
         paidByLevelAndCategory: disbursementsStats(groupBy: [FUND_LEVEL, ACTION_CATEGORY]) { fundLevel actionCategory count sum { amount } }
         paidByAllocation: disbursementsStats(groupBy: [FUND_ALLOCATION]) { fundAllocation { fundSource { level } project { actionCategory } } count sum { amount } } }`,
    );
    expect(errors).toBeUndefined();
    const d = data!;
    expect(totalsBy(d.byLevel, (r) => r.fundLevel)).toEqual(totalsBy(d.bySource, (r) => r.fundSource.level));
    expect(totalsBy(d.byCategory, (r) => r.actionCategory)).toEqual(totalsBy(d.byProject, (r) => r.project.actionCategory));
    expect(Object.keys(totalsBy(d.byLevel, (r) => r.fundLevel)).length).toBeGreaterThan(3);
    expect(Object.keys(totalsBy(d.byCategory, (r) => r.actionCategory))).toHaveLength(10);
    const pair = (level: string, category: string) => `${level}/${category}`;
    expect(totalsBy(d.paidByLevelAndCategory, (r) => pair(r.fundLevel, r.actionCategory))).toEqual(
      totalsBy(d.paidByAllocation, (r) => pair(r.fundAllocation.fundSource.level, r.fundAllocation.project.actionCategory)),
    );
  });

  it('gives a clerk the money of her township only, by level, though she cannot read the county’s fund sources', async () => {
    const { data, errors } = await gql(
      'clerk',
      `{ fundAllocationsStats(groupBy: [FUND_LEVEL]) { fundLevel count } fundAllocations { totalCount } all: fundSources { totalCount } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.all.totalCount).toBe(0);
    const counted = (data!.fundAllocationsStats as Any[]).reduce((sum, r) => sum + r.count, 0);
    expect(counted).toBe(data!.fundAllocations.totalCount);
    const everything = await gql('admin', `{ fundAllocations { totalCount } }`);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(everything.data!.fundAllocations.totalCount);
  });

  it('gives a clerk the figures of each village of her township, adding up to the township’s', async () => {
    const township = await database.db.selectFrom('township').select('id').where('name', '=', '泗城镇').executeTakeFirstOrThrow();
    const villages = await database.db.selectFrom('village').select('id').where('townshipId', '=', township.id).execute();
    const aliases = villages
      .map((v) => `v${v.id}: povertyOverview(year: 2015, divisionId: "${globalId('Village', v.id)}") { poorPeople ruralPopulation }`)
      .join('\n');
    const { data, errors } = await gql(
      'clerk',
      `{ ${aliases} township: povertyOverview(year: 2015, divisionId: "${globalId('Township', township.id)}") { poorPeople ruralPopulation } }`,
    );
    expect(errors).toBeUndefined();
    const parts = villages.map((v) => data![`v${v.id}`] as Any);
    expect(parts.reduce((sum, p) => sum + p.poorPeople, 0)).toBe(data!.township.poorPeople);
    expect(parts.reduce((sum, p) => sum + p.ruralPopulation, 0)).toBe(data!.township.ruralPopulation);
  });

  it('labels record types in both languages, for the feed of recent edits', async () => {
    const { data } = await gql('clerk', `{ codeTables(names: ["RecordType"]) { entries { value zh en } } }`);
    expect(data!.codeTables[0].entries).toContainEqual({ value: 'Household', zh: '贫困户', en: 'Household' });
  });

  describe('recentChanges', () => {
    const RECENT = `query ($first: Int) { recentChanges(first: $first) { recordType recordId operation actorName at changedFields after record { id ... on Household { householdNumber } } } }`;
    let own: { id: string; householdNumber: string };
    let foreign: { id: string };
    let deletedMember: string;

    beforeAll(async () => {
      const clerkTownship = await database.db.selectFrom('township').select('id').where('name', '=', '泗城镇').executeTakeFirstOrThrow();
      const household = (inside: boolean) =>
        database.db
          .selectFrom('household')
          .innerJoin('village', 'village.id', 'household.villageId')
          .select(['household.id', 'household.householdNumber'])
          .where('village.townshipId', inside ? '=' : '<>', clerkTownship.id)
          .orderBy('household.id')
          .executeTakeFirstOrThrow();
      const inside = await household(true);
      own = { id: globalId('Household', inside.id), householdNumber: inside.householdNumber };
      foreign = { id: globalId('Household', (await household(false)).id) };
      const update = `mutation ($id: ID!, $phone: String) { updateHousehold(input: { id: $id, version: 1, patch: { phone: $phone } }) { household { id } } }`;
      // the administrator edits one household in the clerk's township and one elsewhere; the clerk removes a member in hers
      expect((await gql('admin', update, { id: foreign.id, phone: '13907760001' })).errors).toBeUndefined();
      expect((await gql('admin', update, { id: own.id, phone: '13907760002' })).errors).toBeUndefined();
      const member = await database.db
        .selectFrom('member')
        .select(['id', 'version'])
        .where('householdId', '=', inside.id)
        .where('relation', '<>', 'HEAD')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      deletedMember = globalId('Member', member.id);
      const removed = await gql('clerk', `mutation ($id: ID!, $v: Int!) { deleteMember(input: { id: $id, version: $v }) { deletedId } }`, {
        id: deletedMember,
        v: member.version,
      });
      expect(removed.errors).toBeUndefined();
    });

    it('shows the administrator every edit, newest first, with what changed', async () => {
      const { data, errors } = await gql('admin', RECENT, { first: 3 });
      expect(errors).toBeUndefined();
      expect((data!.recentChanges as Any[]).map((c) => [c.operation, c.recordId])).toEqual([
        ['DELETE', deletedMember],
        ['UPDATE', own.id],
        ['UPDATE', foreign.id],
      ]);
      const [deletion, ownEdit] = data!.recentChanges as [Any, Any, Any];
      expect(deletion).toMatchObject({ recordType: 'Member', actorName: 'clerk', record: null });
      expect(ownEdit).toMatchObject({
        recordType: 'Household',
        actorName: 'admin',
        changedFields: ['phone'],
        record: { id: own.id, householdNumber: own.householdNumber },
      });
      expect(ownEdit.after.phone).toBe('13907760002');
    });

    it('shows a clerk the edits in her township, her own deletion included, and not another township’s', async () => {
      const { data, errors } = await gql('clerk', RECENT, { first: 100 });
      expect(errors).toBeUndefined();
      const ids = (data!.recentChanges as Any[]).map((c) => c.recordId);
      expect(ids).toContain(own.id);
      expect(ids).toContain(deletedMember);
      expect(ids).not.toContain(foreign.id);
    });

    it('masks phone numbers in an analyst’s feed, and shows a partner only records it may read', async () => {
      const analyst = await gql('analyst', RECENT, { first: 3 });
      const ownEdit = (analyst.data!.recentChanges as Any[]).find((c) => c.recordId === own.id)!;
      expect(ownEdit.after.phone).not.toBe('13907760002');
      expect(ownEdit.after.phone).toMatch(/\*/);

      const pairing = (await gql('partner', `{ cadreHouseholdPairings(first: 1) { nodes { id } } }`)).data!.cadreHouseholdPairings.nodes[0]
        .id;
      const visit = await gql(
        'partner',
        `mutation ($p: ID!) { createVisitLog(input: { pairingId: $p, visitedOn: "2016-06-01", mode: PHONE, content: "电话回访" }) { visitLog { id } } }`,
        { p: pairing },
      );
      expect(visit.errors).toBeUndefined();
      const partner = await gql('partner', RECENT, { first: 100 });
      expect(partner.errors).toBeUndefined();
      expect(partner.data!.recentChanges[0]).toMatchObject({ operation: 'CREATE', recordId: visit.data!.createVisitLog.visitLog.id });
      for (const change of partner.data!.recentChanges as Any[]) {
        const readable = await gql('partner', `query ($id: ID!) { node(id: $id) { id } }`, { id: change.recordId });
        expect(readable.data!.node).not.toBeNull();
      }
      const ids = (partner.data!.recentChanges as Any[]).map((c) => c.recordId);
      expect(ids).not.toContain(deletedMember);
    });

    it('refuses a page larger than 100', async () => {
      const { errors } = await gql('admin', RECENT, { first: 101 });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});

/** The dashboard's years come from the data: a real county's dashboard is right on its first day. */
describe('the dashboard’s day of record and years, from the data', () => {
  it('reads a county with no day set as of today, with the years of its records; a day set is kept', async () => {
    const database = await freshDatabase();
    const { county } = await countyAndTownships(database.db);
    const today = countyToday();
    const thisYear = Number(today.slice(0, 4));
    // no records yet: today, and only this year
    expect(await dayOfRecord(database.db)).toEqual({ asOf: today, configured: false, firstYear: null, latestYear: null });
    expect(recordPeriod(await dayOfRecord(database.db))).toEqual({
      asOf: today,
      years: [thisYear],
      targetYear: thisYear,
      yearEnd: thisYear,
    });
    // targets for the coming years and registrations from two years back: the years run to this one, not past it
    await database.db
      .insertInto('target')
      .values(
        [thisYear, thisYear + 1].map((year) => ({
          year,
          level: 'COUNTY' as const,
          subject: 'PEOPLE_EXITED' as const,
          goal: 100,
          dueDate: `${year}-12-31`,
        })),
      )
      .execute();
    const township = (await database.db.selectFrom('township').select('id').executeTakeFirstOrThrow()).id;
    const village = await database.db
      .insertInto('village')
      .values({ townshipId: township, code: '451027100001', name: '试验村' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('household')
      .values({
        householdNumber: '4510271000010001',
        villageId: village.id,
        identificationYear: thisYear - 2,
        status: 'POOR',
        attribute: 'GENERAL',
        mainCause: 'NO_CAPITAL',
      })
      .execute();
    expect(recordPeriod(await dayOfRecord(database.db))).toMatchObject({
      years: [thisYear - 2, thisYear - 1, thisYear],
      targetYear: thisYear,
      yearEnd: thisYear - 1,
    });
    // a county loaded from a report at a year's end: that year is the latest, its end reached
    await database.db
      .updateTable('county')
      .set({ asOf: `${thisYear - 1}-12-31` })
      .where('id', '=', county.id)
      .execute();
    expect(recordPeriod(await dayOfRecord(database.db))).toEqual({
      asOf: `${thisYear - 1}-12-31`,
      years: [thisYear - 2, thisYear - 1],
      targetYear: thisYear - 1,
      yearEnd: thisYear - 1,
    });
  });
});
