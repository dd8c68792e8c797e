import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import { viewerNamed } from '../schema/src/access/viewer';
import { resourceNamed } from '../schema/src/graph/registry';
import { COMPOUND_SURNAMES } from '../schema/src/demo/names';
import { demoCounty, type DemoAccount, type DemoCounty } from './support/demoAccounts';

interface Household {
  id: number;
  householdNumber: string;
  phone: string;
  villageId: number;
}
interface Member {
  name: string;
  residentId: string;
}

const FOUND = `query ($f: HouseholdFilter) { households(filter: $f, first: 500) { totalCount nodes { id } } }`;

/**
 * `households(filter: { search })`, what the admin's households search box sends: the beginning of a household
 * number or of any member's name; a whole ID number or phone for those who read them unmasked. Over the demo
 * county, each answer checked against the rows themselves.
 */
describe('the households search', () => {
  let demo: DemoCounty;
  /** a household of the clerk's township with a phone and a member who is not its head */
  let target: Household;
  let member: Member;
  /** a household outside the clerk's township */
  let elsewhere: Household & { headName: string };

  const found = async (user: DemoAccount, filter: Record<string, unknown>) => {
    const result = await demo.as(user)(FOUND, { f: filter });
    expect(result.errors).toBeUndefined();
    const { totalCount, nodes } = result.data!.households as { totalCount: number; nodes: { id: string }[] };
    return { totalCount, ids: nodes.map((n) => n.id) };
  };
  /**
   * The households whose number or a member's name or given name (the name after its surname: two characters
   * for one of names.ts's compound surnames, else one) begins with `text`, read from the tables (as the owner).
   */
  const startingWith = async (text: string) => {
    const { rows } = await sql<{ id: number }>`
      select id from household where starts_with(household_number, ${text})
      union select household_id from member where starts_with(name, ${text})
      union select household_id from member
        where starts_with(substr(name, case when length(name) > 2 and left(name, 2) = any (${[...COMPOUND_SURNAMES]}::text[]) then 3 else 2 end), ${text})`.execute(
      demo.database.db,
    );
    return rows.map((r) => globalId('Household', r.id)).sort();
  };

  beforeAll(async () => {
    demo = await demoCounty();
    const { rows } = await sql<Household & Member>`
      select h.id, h.household_number, h.phone, h.village_id, m.name, m.resident_id
      from household h join village v on v.id = h.village_id join member m on m.household_id = h.id
      where v.township_id = ${demo.townshipId} and h.phone is not null and m.relation <> 'HEAD' and m.resident_id is not null
      order by h.household_number limit 1`.execute(demo.database.db);
    const { name, residentId, ...household } = rows[0]!;
    target = household;
    member = { name, residentId };
    const other = await sql<Household & { headName: string }>`
      select h.id, h.household_number, h.phone, h.village_id, m.name as head_name
      from household h join village v on v.id = h.village_id join member m on m.household_id = h.id and m.relation = 'HEAD'
      where v.township_id <> ${demo.townshipId} order by h.household_number limit 1`.execute(demo.database.db);
    elsewhere = other.rows[0]!;
  });

  it('finds households by the beginning of their number or of any member’s name, as the rows say', async () => {
    for (const text of [member.name, member.name.slice(0, 1), target.householdNumber.slice(0, 12), target.householdNumber]) {
      const expected = await startingWith(text);
      const { totalCount, ids } = await found('admin', { search: text });
      expect(totalCount).toBe(expected.length);
      if (expected.length <= 500) expect(ids.sort()).toEqual(expected);
    }
    // a member who is not the head finds her household; so does the head's name
    await expect(found('admin', { search: member.name })).resolves.toMatchObject({
      ids: expect.arrayContaining([globalId('Household', target.id)]),
    });
    // not the middle of a name: the search looks at beginnings (served by an index)
    if (member.name.length > 1) {
      const middle = member.name.slice(1);
      await expect(found('admin', { search: middle })).resolves.toMatchObject({ totalCount: (await startingWith(middle)).length });
    }
  });

  it('finds households by the beginning of a member’s given name (小明 finds 韦小明), compound surnames too', async () => {
    const given = member.name.slice(1);
    for (const text of [given, given.slice(0, 1)]) {
      const expected = await startingWith(text);
      const { totalCount, ids } = await found('admin', { search: text });
      expect(totalCount).toBe(expected.length);
      if (expected.length <= 500) expect(ids.sort()).toEqual(expected);
    }
    await expect(found('clerk', { search: given })).resolves.toMatchObject({
      ids: expect.arrayContaining([globalId('Household', target.id)]),
    });
    // the database's given name agrees with names.ts for every compound surname, and for a one-character one
    const names = [...COMPOUND_SURNAMES.map((surname) => `${surname}小娜`), '韦小明', '欧阳'];
    const { rows } = await sql<{ given: string }>`
      select hub_given_name(n) as given from unnest(${names}::text[]) with ordinality as t(n, i) order by i`.execute(demo.database.db);
    expect(rows.map((r) => r.given)).toEqual([...COMPOUND_SURNAMES.map(() => '小娜'), '小明', '阳']);
    // a member of a compound surname is found by her given name, not by the surname's second character
    const renamed = await sql<{ householdId: number }>`
      update member set name = '欧阳鹭鸶' where id = (
        select m.id from member m join household h on h.id = m.household_id join village v on v.id = h.village_id
        where v.township_id = ${demo.townshipId} and m.household_id <> ${target.id} order by m.id limit 1)
      returning household_id`.execute(demo.database.db);
    const household = globalId('Household', renamed.rows[0]!.householdId);
    await expect(found('clerk', { search: '鹭鸶' })).resolves.toEqual({ totalCount: 1, ids: [household] });
    await expect(found('clerk', { search: '鹭' })).resolves.toMatchObject({ ids: [household] });
    await expect(found('clerk', { search: '阳鹭' })).resolves.toEqual({ totalCount: 0, ids: [] });
    await expect(found('clerk', { search: '欧阳鹭' })).resolves.toEqual({ totalCount: 1, ids: [household] });
    // within the viewer's scope, as every part of the search: not a household of another township
    const outside = await sql<{ name: string }>`
      select m.name from member m where m.household_id = ${elsewhere.id} order by m.id limit 1`.execute(demo.database.db);
    const otherGiven = outside.rows[0]!.name.slice(1);
    await expect(found('admin', { search: otherGiven })).resolves.toMatchObject({ totalCount: (await startingWith(otherGiven)).length });
    await expect(found('clerk', { search: otherGiven })).resolves.not.toMatchObject({
      ids: expect.arrayContaining([globalId('Household', elsewhere.id)]),
    });
  });

  it('finds by a whole ID number (either case of its X) or phone for administrators and clerks, never for analysts', async () => {
    const id = globalId('Household', target.id);
    for (const user of ['admin', 'clerk'] as const) {
      await expect(found(user, { search: member.residentId.toLowerCase() })).resolves.toEqual({ totalCount: 1, ids: [id] });
      await expect(found(user, { search: target.phone })).resolves.toMatchObject({ ids: expect.arrayContaining([id]) });
    }
    // an analyst reads ID numbers and phones masked, so may not find households by them
    await expect(found('analyst', { search: member.residentId })).resolves.toEqual({ totalCount: 0, ids: [] });
    await expect(found('analyst', { search: target.phone })).resolves.toMatchObject({
      totalCount: (await startingWith(target.phone)).length,
    });
    await expect(found('analyst', { search: member.name })).resolves.toMatchObject({ ids: expect.arrayContaining([id]) });
    // and the metadata says so, in both languages
    const labels = async (user: DemoAccount) => {
      const result = await demo.as(user)('{ recordTypes { list search { zh en } } }');
      return Object.fromEntries((result.data!.recordTypes as { list: string; search: unknown }[]).map((t) => [t.list, t.search]));
    };
    expect((await labels('admin'))['households']).toEqual({
      zh: '户编号、姓名、身份证号码或电话',
      en: 'Household number, name, ID number or phone',
    });
    expect(await labels('analyst')).toMatchObject({ households: { zh: '户编号或姓名', en: 'Household number or name' }, members: null });
  });

  it('keeps to the viewer’s scope, combines with other conditions, and works on a village’s households, in exports and in grouped figures', async () => {
    const outside = globalId('Household', elsewhere.id);
    await expect(found('admin', { search: elsewhere.householdNumber })).resolves.toEqual({ totalCount: 1, ids: [outside] });
    await expect(found('clerk', { search: elsewhere.householdNumber })).resolves.toEqual({ totalCount: 0, ids: [] });
    await expect(found('clerk', { search: elsewhere.headName })).resolves.not.toMatchObject({ ids: expect.arrayContaining([outside]) });

    const id = globalId('Household', target.id);
    const { rows } = await sql<{ status: string }>`select status from household where id = ${target.id}`.execute(demo.database.db);
    const status = rows[0]!.status;
    await expect(found('admin', { and: [{ search: target.householdNumber }, { status: { eq: status } }] })).resolves.toEqual({
      totalCount: 1,
      ids: [id],
    });
    await expect(found('admin', { search: target.householdNumber, status: { ne: status } })).resolves.toEqual({ totalCount: 0, ids: [] });
    // a % or _ is itself, not a wildcard; blank text narrows nothing
    await expect(found('admin', { search: '%' })).resolves.toEqual({ totalCount: 0, ids: [] });
    const all = await found('admin', {});
    await expect(found('admin', { search: '  ' })).resolves.toMatchObject({ totalCount: all.totalCount });

    // an export (a clerk's, of her township) takes the same filter: the header and the household found
    const exported = await fetch(
      `${demo.server.url}/export/households.csv?filter=${encodeURIComponent(JSON.stringify({ search: member.residentId }))}`,
      { headers: { cookie: demo.sessions.clerk } },
    );
    expect(exported.status).toBe(200);
    const lines = (await exported.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(target.householdNumber);

    // grouped figures take the same filter
    const stats = await demo.as('admin')(`query ($f: HouseholdFilter) { householdsStats(groupBy: [STATUS], filter: $f) { count } }`, {
      f: { search: member.name },
    });
    const counted = (stats.data!.householdsStats as { count: number }[]).reduce((sum, g) => sum + g.count, 0);
    expect(counted).toBe((await startingWith(member.name)).length);

    const nested = await demo.as('clerk')(
      `query ($v: ID!, $s: String) { node(id: $v) { ... on Village { households(filter: { search: $s }) { totalCount nodes { id } } } } }`,
      {
        v: globalId('Village', target.villageId),
        s: target.householdNumber,
      },
    );
    expect(nested.data!.node).toEqual({ households: { totalCount: 1, nodes: [{ id }] } });
  });

  it('refuses a search longer than any number or name, naming the filter field', async () => {
    const result = await demo.as('admin')(FOUND, { f: { search: '韦'.repeat(101) } });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'filter.search' })],
    });
  });

  it('looks each part up by index in the demo county (no scan of households or members)', async () => {
    const search = resourceNamed('Household').filterSpec.search!;
    // a search by someone who reads ID numbers and phones unmasked: every part
    const admin = await viewerNamed(demo.database.db, 'admin');
    const condition = search.condition(member.name, { locale: 'zh', viewer: admin });
    const plan = await demo.database.db
      .selectFrom('household')
      .select('id')
      .where(() => condition)
      .explain();
    const text = plan.map((row) => Object.values(row).join('')).join('\n');
    expect(text).toContain('member_name_prefix');
    expect(text).toContain('member_given_name_prefix');
    expect(text).toContain('household_number_prefix');
    expect(text).not.toMatch(/Seq Scan on (household|member)\b/);
  });
});
