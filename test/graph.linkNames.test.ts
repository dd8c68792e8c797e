import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const APPLY = `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id ... on Household { village { name } } ... on Member { household { householdNumber } } } } }`;

/**
 * Links written as names in a pasted range (the grid's reference cells): a village by its name within the
 * writer's scope, "乡镇/村" where a name is shared, a member's household by its 户编号; refusals name the
 * name, the field and the row in words a clerk reads, and save nothing.
 */
describe('links pasted as names in applyChanges', () => {
  let database: TestDatabase;
  let server: TestServer;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let admin: string;
  let clerk: string;

  const apply = (cookie: string, changes: Any[]) => server.graphql<Any>(APPLY, { changes }, { cookie });
  const household = async (id: number) =>
    database.db.selectFrom('household').select(['villageId', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const householdChange = async (index: number, patch: Any) => {
    const h = county.households[index]!;
    return { id: globalId('Household', h.id), version: (await household(h.id)).version, patch };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    // villages 1 and 3 in 泗城镇, 2 and 4 in 逻楼镇; a second “试验1村” in 逻楼镇 makes that name ambiguous for an administrator
    county = await smallCounty(database.db, { villages: 4, households: 2, members: 2 });
    const townships = await database.db.selectFrom('township').select(['id', 'name']).orderBy('id').execute();
    await database.db
      .insertInto('village')
      .values({ townshipId: townships[1]!.id, code: '451027101099', name: '试验1村', ruralPopulation: 10 })
      .execute();
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    await createUser(database.db, {
      username: 'clerk',
      displayName: '泗城镇录入员',
      role: 'CLERK',
      password: 'clerk-password',
      townshipIds: [townships[0]!.id],
    });
    server = await startServer(database);
    admin = await server.signIn('admin', 'admin-password');
    clerk = await server.signIn('clerk', 'clerk-password');
  });

  const villageIdNamed = async (name: string, township: string) =>
    (
      await database.db
        .selectFrom('village')
        .innerJoin('township', 'township.id', 'village.townshipId')
        .select('village.id')
        .where('village.name', '=', name)
        .where('township.name', '=', township)
        .executeTakeFirstOrThrow()
    ).id;

  it('moves a clerk’s household to a village of her township named as typed, in one save with an ID-given one', async () => {
    // household 0 lies in 试验1村 (泗城镇): to 试验3村 by name; household 1 (试验1村) to 试验3村 by its ID
    const target = await villageIdNamed('试验3村', '泗城镇');
    const result = await apply(clerk, [
      await householdChange(0, { villageId: ' 试验3村 ' }),
      await householdChange(1, { villageId: globalId('Village', target) }),
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.applyChanges.records.map((r: Any) => r.village.name)).toEqual(['试验3村', '试验3村']);
    expect((await household(county.households[0]!.id)).villageId).toBe(target);
  });

  it('refuses a village outside the clerk’s township by saying her township has no such village, naming the row, and saves nothing', async () => {
    const before = await household(county.households[0]!.id);
    const result = await apply(clerk, [
      await householdChange(0, { villageId: '试验1村', note: '改了' }),
      await householdChange(4, { villageId: '试验2村' }),
    ]);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.fields).toEqual([
      expect.objectContaining({ field: 'villageId', row: 1, message: '泗城镇没有名为“试验2村”的行政村' }),
    ]);
    expect(result.errors![0]!.message).toContain('第 2 行');
    expect(await household(county.households[0]!.id)).toEqual(before);
  });

  it('tells an administrator a shared village name is ambiguous and takes “乡镇/村”', async () => {
    const ambiguous = await apply(admin, [await householdChange(0, { villageId: '试验1村' })]);
    expect((ambiguous.errors![0]!.extensions!.fields as Any[])[0]!.message).toBe(
      '有 2 个名为“试验1村”的行政村（泗城镇、逻楼镇），请写成“泗城镇/试验1村”这样带乡镇的名称，或从下拉列表中选择',
    );
    const qualified = await apply(admin, [await householdChange(0, { villageId: '逻楼镇／试验1村' })]);
    expect(qualified.errors).toBeUndefined();
    expect((await household(county.households[0]!.id)).villageId).toBe(await villageIdNamed('试验1村', '逻楼镇'));
    const unknown = await apply(admin, [await householdChange(0, { villageId: '某某村' })]);
    expect((unknown.errors![0]!.extensions!.fields as Any[])[0]).toMatchObject({
      field: 'villageId',
      row: 0,
      message: '没有名为“某某村”的行政村',
    });
  });

  it('moves a member to another household given by its 户编号', async () => {
    const member = await database.db
      .selectFrom('member')
      .select(['id', 'version', 'householdId'])
      .where('relation', '<>', 'HEAD')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const other = county.households.find((h) => h.id !== member.householdId)!;
    const result = await apply(admin, [
      { id: globalId('Member', member.id), version: member.version, patch: { householdId: other.householdNumber } },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data!.applyChanges.records[0].household.householdNumber).toBe(other.householdNumber);
    const missing = await apply(admin, [
      { id: globalId('Member', member.id), version: member.version + 1, patch: { householdId: '4510271009999999' } },
    ]);
    expect((missing.errors![0]!.extensions!.fields as Any[])[0]!.message).toBe('没有户编号为“4510271009999999”的贫困户');
  });
});

describe('cells cleared in applyChanges', () => {
  it('clears a note to empty text, and says which field may not be empty instead of failing inside', { timeout: 120_000 }, async () => {
    const database = await freshDatabase();
    const county = await smallCounty(database.db, { villages: 1, households: 1, members: 0 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    const server = await startServer(database);
    const cookie = await server.signIn('admin', 'admin-password');
    const id = county.households[0]!.id;
    const version = async () =>
      (await database.db.selectFrom('household').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const apply = async (patch: Any) =>
      server.graphql<Any>(APPLY, { changes: [{ id: globalId('Household', id), version: await version(), patch }] }, { cookie });
    expect((await apply({ note: '住房待改造' })).errors).toBeUndefined();
    expect((await apply({ note: null })).errors).toBeUndefined();
    expect((await database.db.selectFrom('household').select('note').where('id', '=', id).executeTakeFirstOrThrow()).note).toBe('');
    const refused = await apply({ hasTv: null });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((refused.errors![0]!.extensions!.fields as Any[])[0]).toMatchObject({ field: 'hasTv', row: 0, message: '有电视信号不能为空' });
  });
});
