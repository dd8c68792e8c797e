import { beforeAll, describe, expect, it } from 'vitest';
import { createDataProvider, HttpError, type HubDataProvider, type HubErrorBody } from '../admin/src/dataProvider/index';
import { createGraphQLClient } from '../admin/src/graphql';
import { recordTypeName } from '../admin/src/i18n/recordTypeNames';
import en from '../admin/src/i18n/en';
import zh from '../admin/src/i18n/zh';
import { createUser } from '../schema/src/index';
import { freshDatabase, type TestDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

/**
 * The admin's data provider against the real hub: react-admin's calls as GraphQL, driven by the schema's
 * metadata, with the hub's refusals surfaced as react-admin HttpErrors.
 */
describe('the admin data provider', () => {
  let database: TestDatabase;
  let server: TestServer;
  let provider: HubDataProvider;
  let county: Awaited<ReturnType<typeof smallCounty>>;
  let villageIds: string[];
  /** the session the provider's requests carry; the provider names its sign-in by it */
  let cookie: string;

  /** the body of the HttpError a call rejects with */
  async function refusal(call: Promise<unknown>): Promise<{ status: number; message: string; body: HubErrorBody }> {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    const { status, message, body } = error as HttpError;
    return { status, message, body: body as HubErrorBody };
  }

  beforeAll(async () => {
    database = await freshDatabase();
    county = await smallCounty(database.db, { villages: 2, households: 5, members: 2 });
    await createUser(database.db, { username: 'root', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('root', 'admin-password');
    const client = createGraphQLClient({
      fetch: (path, init) => fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }),
    });
    provider = createDataProvider({ client, session: () => cookie });
    const villages = await provider.getList('villages', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'code', order: 'ASC' },
      filter: {},
    });
    villageIds = villages.data.map((v) => v.id);
  });

  it('describes every record type from the hub’s recordTypes: kinds, links, labels, what may be edited and searched', async () => {
    const schema = await provider.getSchema();
    expect(Object.keys(schema.resources)).toEqual(
      expect.arrayContaining(['townships', 'villages', 'households', 'members', 'projects', 'fundAllocations', 'visitLogs']),
    );
    const households = schema.resources.households!;
    const field = (name: string) => households.fields.find((f) => f.name === name);
    expect(households.label).toEqual({ zh: '贫困户', en: 'Household' });
    expect(field('villageId')).toMatchObject({
      kind: 'reference',
      reference: 'villages',
      graphqlName: 'village',
      editable: true,
      requiredOnCreate: true,
      label: { zh: '行政村', en: 'Village' },
    });
    expect(field('status')).toMatchObject({ kind: 'enum', enumName: 'HouseholdStatus', sortField: 'STATUS', filterName: 'status' });
    expect(field('secondaryCauses')).toMatchObject({ kind: 'enumList', enumName: 'PovertyCause' });
    expect(field('phone')).toMatchObject({
      kind: 'text',
      sensitive: true,
      masked: false,
      editable: true,
      requiredOnCreate: false,
      label: { zh: '联系电话', en: 'Phone' },
    });
    expect(field('headName')).toMatchObject({ derived: true, editable: false, creatable: false });
    expect(field('arableLandMu')).toMatchObject({ kind: 'decimal' });
    expect(field('continuedSupport')).toMatchObject({ kind: 'boolean', requiredOnCreate: false });
    expect(households.fields.some((f) => f.name === 'members' || f.name === 'history' || f.name === 'incomes')).toBe(false);
    expect(households.shortcuts).toEqual(['countyId', 'townshipId', 'villageId']);
    expect(households.access).toEqual({ read: true, create: true, update: true, delete: true, export: true, import: true });
    expect(households.searchFields.map((f) => f.name).sort()).toEqual(['householdNumber', 'phone']);
    expect(households.search).toEqual({ zh: '户编号、姓名、身份证号码或电话', en: 'Household number, name, ID number or phone' });
    expect(schema.resources.villages!.search).toBeNull();
    // reference data: an administrator writes it, nobody imports it
    expect(schema.resources.counties!.access).toMatchObject({ create: true, import: false });
    expect(schema.resources.members!.fields.find((f) => f.name === 'residentId')).toMatchObject({
      sensitive: true,
      masked: true,
      revealable: true,
    });
    // codes that are not GraphQL names (ethnicity "08") are still a dropdown with their table
    expect(schema.resources.members!.fields.find((f) => f.name === 'ethnicity')).toMatchObject({ kind: 'enum', enumName: 'Ethnicity' });
    expect(schema.codeTables.HouseholdStatus).toContainEqual(expect.objectContaining({ value: 'POOR', zh: expect.stringMatching(/贫/) }));
    expect(schema.codeTables.Ethnicity).toContainEqual({ value: '08', zh: '壮族', en: expect.any(String) });
  });

  it('names the record types in the menu and titles by the hub’s labels, in both languages; the catalogues name only the other lists', async () => {
    const schema = await provider.getSchema();
    expect(recordTypeName('households', 'zh-CN', 2)).toBe('贫困户');
    expect(recordTypeName('households', 'en', 1)).toBe('Household');
    expect(recordTypeName('households', 'en', 2)).toBe('Households');
    expect(recordTypeName('counties', 'en', 2)).toBe('Counties');
    expect(recordTypeName('projectBeneficiaries', 'en', 2)).toBe('Project beneficiaries');
    expect(recordTypeName('users', 'zh-CN', 2)).toBeUndefined();
    for (const catalogue of [zh, en]) {
      expect(Object.keys(catalogue.resources).filter((list) => list in schema.resources)).toEqual([]);
    }
  });

  it('lists a filtered, sorted page with the total, and records come flat', async () => {
    const filter = { villageId: villageIds[0], status: 'POOR' };
    const all = await provider.getList('households', {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'householdNumber', order: 'DESC' },
      filter,
    });
    expect(all.total).toBe(2); // households 2 and 4 of five are poor in each village
    expect(all.data.map((h) => h.householdNumber)).toEqual([...all.data.map((h) => h.householdNumber as string)].sort().reverse());
    expect(all.data.every((h) => h.villageId === villageIds[0] && h.status === 'POOR' && typeof h.version === 'number')).toBe(true);

    const second = await provider.getList('households', {
      pagination: { page: 2, perPage: 1 },
      sort: { field: 'householdNumber', order: 'DESC' },
      filter,
    });
    expect(second.total).toBe(2);
    expect(second.data.map((h) => h.id)).toEqual([all.data[1]!.id]);

    const inTownship = await provider.getList('households', {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
      filter: { townshipId: (await provider.getOne('villages', { id: villageIds[0]! })).data.townshipId, status_in: ['POOR', 'EXITED'] },
    });
    expect(inTownship.total).toBe(5);

    // households: the hub's own search (the beginning of a number or of a member's name)
    const number = county.households[7]!.householdNumber;
    const found = await provider.getList('households', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'ASC' },
      filter: { q: number },
    });
    expect(found.data.map((h) => h.householdNumber)).toEqual([number]);
    const start = number.slice(0, -2);
    const begun = await provider.getList('households', {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
      filter: { q: start },
    });
    expect(begun.data.map((h) => h.householdNumber)).toContain(number);
    expect(begun.data.every((h) => String(h.householdNumber).startsWith(start))).toBe(true);
    // other types: contains, on their text fields
    const village = (await provider.getOne('villages', { id: villageIds[1]! })).data;
    const villages = await provider.getList('villages', {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
      filter: { q: String(village.name).slice(1) },
    });
    expect(villages.data.map((v) => v.id)).toContain(village.id);
    expect(villages.data.every((v) => String(v.name).includes(String(village.name).slice(1)))).toBe(true);

    const years = await provider.getList('households', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'exitYear', order: 'ASC' },
      filter: { exitYear_gte: 2015, exitYear_lte: 2015 },
    });
    expect(years.total).toBe(6); // households 1, 3 and 5 of each village exited in 2015
  });

  it('reads one record, many by id, and a reference list', async () => {
    const page = await provider.getList('households', {
      pagination: { page: 1, perPage: 3 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    const one = await provider.getOne('households', { id: page.data[0]!.id });
    expect(one.data).toEqual(page.data[0]);
    const many = await provider.getMany('households', { ids: page.data.map((h) => h.id) });
    expect(many.data.map((h) => h.id).sort()).toEqual(page.data.map((h) => h.id).sort());

    const members = await provider.getManyReference('members', {
      target: 'householdId',
      id: one.data.id,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'personNumber', order: 'ASC' },
      filter: {},
    });
    expect(members.total).toBe(2);
    expect(members.data.every((m) => m.householdId === one.data.id)).toBe(true);
    // a resident ID number is always masked in reads
    expect(members.data[0]!.residentId).toMatch(/^451027\*+[0-9X]{4}$/);
    // the full number only on request (the hub audits it)
    const full = await provider.revealResidentId(members.data[0]!.id);
    expect(full).toMatch(/^451027[0-9]{11}[0-9X]$/);
    expect(full!.slice(-4)).toBe((members.data[0]!.residentId as string).slice(-4));

    const missing = await refusal(
      provider.getOne('households', { id: page.data[0]!.id.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')) }),
    );
    expect(missing.status).toBeGreaterThanOrEqual(400);
  });

  it('creates a household and a member that points at it', async () => {
    const household = await provider.create('households', {
      data: {
        householdNumber: '45102799990001',
        villageId: villageIds[1],
        attribute: 'GENERAL',
        status: 'POOR',
        identificationYear: 2016,
        mainCause: 'ILLNESS',
        secondaryCauses: ['NO_SKILLS'],
        arableLandMu: 1.5,
        phone: '',
        address: '',
      },
    });
    expect(household.data).toMatchObject({
      householdNumber: '45102799990001',
      villageId: villageIds[1],
      secondaryCauses: ['NO_SKILLS'],
      arableLandMu: '1.50',
      phone: null,
      version: 1,
    });
    const member = await provider.create('members', {
      data: {
        householdId: household.data.id,
        personNumber: '4510279999000101',
        name: '韦新成',
        sex: 'MALE',
        birthDate: '1980-05-01',
        ethnicity: '08',
        relation: 'HEAD',
        education: 'PRIMARY',
        laborAbility: 'NORMAL',
      },
    });
    expect(member.data).toMatchObject({ householdId: household.data.id, name: '韦新成', ethnicity: '08' });
    expect((await provider.getOne('households', { id: household.data.id })).data.headName).toBe('韦新成');
  });

  it('refuses a create with the offending field named for the form', async () => {
    const { status, body } = await refusal(
      provider.create('households', {
        data: {
          householdNumber: 'abc',
          villageId: villageIds[0],
          attribute: 'GENERAL',
          status: 'POOR',
          identificationYear: 2016,
          mainCause: 'ILLNESS',
        },
      }),
    );
    expect(status).toBe(400);
    expect(body.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.householdNumber).toMatch(/数字/);
  });

  it('updates only the changed fields, and a stale version is a conflict that says what is stored', async () => {
    const [first] = (
      await provider.getList('households', { pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' }, filter: {} })
    ).data;
    const updated = await provider.update('households', { id: first!.id, data: { ...first, phone: '13800138000' }, previousData: first! });
    expect(updated.data).toMatchObject({ phone: '13800138000', version: first!.version + 1 });
    const history = await server.graphql<{ node: { history: { nodes: { changedFields: string[]; operation: string }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Household { history(first: 1) { nodes { changedFields operation } } } } }`,
      { id: first!.id },
      { cookie: await server.signIn('root', 'admin-password') },
    );
    expect(history.data!.node.history.nodes[0]).toEqual({ operation: 'UPDATE', changedFields: ['phone'] });

    // the same form submitted again from the stale copy: refused, with the current version and values
    const stale = await refusal(
      provider.update('households', { id: first!.id, data: { ...first, note: '重复提交' }, previousData: first! }),
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.currentVersion).toBe(first!.version + 1);
    expect(stale.body.current).toMatchObject({ phone: '13800138000' });
    expect(stale.message).toMatch(/已被他人修改/);
    expect((await provider.getOne('households', { id: first!.id })).data.note).toBe(first!.note);
  });

  it('applies a pasted range all or nothing, naming the row and field of a bad cell', async () => {
    const rows = (
      await provider.getList('households', {
        pagination: { page: 1, perPage: 3 },
        sort: { field: 'id', order: 'ASC' },
        filter: { villageId: villageIds[1] },
      })
    ).data;
    const changes = rows.map((r, i) => ({
      id: r.id,
      version: r.version,
      patch: { phone: i === 1 ? '12345' : `1390000000${i}`, arableLandMu: '2.5' },
    }));
    const { status, body } = await refusal(provider.applyChanges('households', { changes }));
    expect(status).toBe(400);
    expect(body.code).toBe('BAD_USER_INPUT');
    expect(body.fields).toEqual([
      expect.objectContaining({ row: 1, id: rows[1]!.id, field: 'phone', message: expect.stringMatching(/手机号/) }),
    ]);
    const after = await provider.getMany('households', { ids: rows.map((r) => r.id) });
    expect(after.data.map((r) => [r.phone, r.version]).sort()).toEqual(rows.map((r) => [r.phone, r.version]).sort());

    const good = await provider.applyChanges('households', {
      changes: changes.map((c) => ({ ...c, patch: { ...c.patch, phone: '13900000009' } })),
    });
    expect(good.data.map((r) => [r.phone, r.arableLandMu, r.version])).toEqual(rows.map((r) => ['13900000009', '2.50', r.version + 1]));

    const many = await provider.updateMany('households', { ids: rows.map((r) => r.id), data: { note: '集中核实' } });
    expect([...(many.data ?? [])].sort()).toEqual(rows.map((r) => r.id).sort());
    expect((await provider.getMany('households', { ids: rows.map((r) => r.id) })).data.every((r) => r.note === '集中核实')).toBe(true);
  });

  it('deletes with the version read, and reports an attempt on a stale copy', async () => {
    const created = await provider.create('households', {
      data: {
        householdNumber: '45102799990002',
        villageId: villageIds[0],
        attribute: 'GENERAL',
        status: 'POOR',
        identificationYear: 2016,
        mainCause: 'ILLNESS',
      },
    });
    const changed = await provider.update('households', { id: created.data.id, data: { note: '待删' }, previousData: created.data });
    const stale = await refusal(provider.delete('households', { id: created.data.id, previousData: created.data }));
    expect(stale.body.code).toBe('CONFLICT');
    await provider.delete('households', { id: created.data.id, previousData: changed.data });
    expect((await refusal(provider.getOne('households', { id: created.data.id }))).status).toBe(404);
  });

  it('reads the metadata again for another sign-in: an analyst reads, exports, writes nothing and searches no masked field', async () => {
    const admin = cookie;
    try {
      await createUser(database.db, { username: 'reader', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
      cookie = await server.signIn('reader', 'analyst-password');
      const households = (await provider.getSchema()).resources.households!;
      expect(households.access).toEqual({ read: true, create: false, update: false, delete: false, export: true, import: false });
      expect(households.fields.find((f) => f.name === 'phone')).toMatchObject({ sensitive: true, masked: true, editable: false });
      expect(households.fields.filter((f) => f.editable)).toEqual([]);
      expect((await provider.getSchema()).resources.members!.fields.filter((f) => f.revealable)).toEqual([]);
      // the hub's search leaves out the phone an analyst reads masked
      const number = county.households[3]!.householdNumber;
      const found = await provider.getList('households', {
        pagination: { page: 1, perPage: 10 },
        sort: { field: 'id', order: 'ASC' },
        filter: { q: number },
      });
      expect(found.data.map((h) => [h.householdNumber, h.phone === null || String(h.phone).includes('*')])).toEqual([[number, true]]);
    } finally {
      cookie = admin;
    }
    expect((await provider.getSchema()).resources.households!.access.create).toBe(true);
  });

  it('manages users and API tokens', async () => {
    const township = county.townships[0]!;
    const townships = await provider.getList('townships', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    expect(townships.total).toBe(2);
    const user = await provider.create('users', {
      data: { username: 'wei', displayName: '韦录入', password: 'clerk-password-1', role: 'CLERK', townshipIds: [townships.data[0]!.id] },
    });
    expect(user.data).toMatchObject({ username: 'wei', role: 'CLERK', townshipIds: [townships.data[0]!.id], disabled: false });
    expect(township.id).toBeGreaterThan(0);
    const listed = await provider.getList('users', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'username', order: 'ASC' },
      filter: { q: '韦' },
    });
    expect(listed.data.map((u) => u.username)).toEqual(['wei']);
    const disabled = await provider.update('users', { id: user.data.id, data: { ...user.data, disabled: true }, previousData: user.data });
    expect(disabled.data.disabled).toBe(true);
    await provider.resetPassword(user.data.id, 'another-password-2');

    const token = await provider.create('apiTokens', { data: { name: '分析脚本' } });
    expect(token.data.token).toEqual(expect.any(String));
    const viaToken = await server.graphql<{ me: { username: string } }>('{ me { username } }', {}, { token: token.data.token as string });
    expect(viaToken.data!.me.username).toBe('root');
    await provider.delete('apiTokens', { id: token.data.id, previousData: token.data });
    expect((await provider.getOne('apiTokens', { id: token.data.id })).data.active).toBe(false);
  });
});
