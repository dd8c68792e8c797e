import { beforeAll, describe, expect, inject, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import { resources } from '../schema/src/graph/registry';
import '../schema/src/schema';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

describe('user administration and revealing ID numbers, on the demo county', () => {
  let database: TestDatabase;
  let server: TestServer;
  let admin: string;
  const gql = (query: string, variables: Any = {}, cookie = admin) => server.graphql<Any>(query, variables, { cookie });

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database);
    admin = await server.signIn('admin', inject('demoPassword'));
  });

  it('lets an administrator create a clerk for a village, who then sees only that village', async () => {
    const village = await database.db.selectFrom('village').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
    const created = await gql(
      `mutation ($v: ID!) { createUser(input: { username: "cun.clerk", displayName: "村级录入员", role: CLERK, password: "a long password", villageIds: [$v] }) { id role villages { name } version } }`,
      { v: globalId('Village', village.id) },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createUser).toMatchObject({ role: 'CLERK', villages: [{ name: village.name }], version: 1 });
    const clerk = await server.signIn('cun.clerk', 'a long password');
    const me = await gql(`{ me { username role villages { name } townships { name } } households { totalCount } }`, {}, clerk);
    expect(me.data!.me).toEqual({ username: 'cun.clerk', role: 'CLERK', villages: [{ name: village.name }], townships: [] });
    const inVillage = await database.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('villageId', '=', village.id)
      .executeTakeFirstOrThrow();
    expect(me.data!.households.totalCount).toBe(Number(inVillage.n));
  });

  it('refuses inconsistent accounts field by field: a clerk without scope, a partner without unit, a short password', async () => {
    const result = await gql(`mutation { createUser(input: { username: "x y", displayName: "", role: CLERK, password: "short" }) { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((result.errors![0]!.extensions!.fields as Any[]).map((f) => f.field)).toEqual([
      'username',
      'displayName',
      'password',
      'townshipIds',
    ]);
    const partner = await gql(
      `mutation { createUser(input: { username: "p2", displayName: "单位", role: PARTNER, password: "a long password" }) { id } }`,
    );
    expect(partner.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ field: 'helperUnitId' })]);
  });

  it('disables a user at once (sessions and tokens stop working), and only administrators may manage users', async () => {
    const analyst = await server.signIn('analyst', inject('demoPassword'));
    expect((await gql(`{ users { username } }`, {}, analyst)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const token = (await gql(`mutation { createApiToken(name: "script") { token } }`, {}, analyst)).data!.createApiToken.token;
    const users = (await gql(`{ users { id username version } }`)).data!.users as Any[];
    const target = users.find((u) => u.username === 'analyst')!;
    const disabled = await gql(
      `mutation ($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, patch: { disabled: true } }) { disabled } }`,
      { id: target.id, v: target.version },
    );
    expect(disabled.data!.updateUser).toEqual({ disabled: true });
    expect((await gql(`{ me { username } }`, {}, analyst)).data).toEqual({ me: null });
    expect((await server.graphql(`{ me { username } }`, {}, { token })).data).toEqual({ me: null });
    const self = users.find((u) => u.username === 'admin')!;
    const selfDisable = await gql(
      `mutation ($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, patch: { disabled: true } }) { disabled } }`,
      { id: self.id, v: self.version },
    );
    expect(selfDisable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resets a password: the old one and the old sessions stop working', async () => {
    const partnerSession = await server.signIn('partner', inject('demoPassword'));
    const users = (await gql(`{ users { id username } }`)).data!.users as Any[];
    const partner = users.find((u) => u.username === 'partner')!;
    expect(
      (await gql(`mutation ($id: ID!) { resetPassword(id: $id, newPassword: "a brand new password") { username } }`, { id: partner.id }))
        .errors,
    ).toBeUndefined();
    expect((await gql(`{ me { username } }`, {}, partnerSession)).data).toEqual({ me: null });
    await expect(server.signIn('partner', inject('demoPassword'))).rejects.toThrow();
    await expect(server.signIn('partner', 'a brand new password')).resolves.toMatch(/^hub_session=/);
  });

  it('shows ID numbers masked to everyone, and reveals a full one to an administrator or clerk, audited', async () => {
    const member = await database.db.selectFrom('member').select(['id', 'residentId']).orderBy('id').executeTakeFirstOrThrow();
    const id = globalId('Member', member.id);
    const read = await gql(`query ($id: ID!) { node(id: $id) { ... on Member { residentId } } }`, { id });
    expect(read.data!.node.residentId).toMatch(/^451027\*{8}/);
    const revealed = await gql(`mutation ($id: ID!) { revealResidentId(memberId: $id) }`, { id });
    expect(revealed.data).toEqual({ revealResidentId: member.residentId });
    const audit = await database.db.selectFrom('auditLog').select(['actorName', 'recordId']).where('operation', '=', 'REVEAL').execute();
    expect(audit).toEqual([{ actorName: 'admin', recordId: member.id }]);
    const clerk = await server.signIn('clerk', inject('demoPassword'));
    const outside = await gql(`mutation ($id: ID!) { revealResidentId(memberId: $id) }`, { id }, clerk);
    const inTownship = await database.db
      .selectFrom('member')
      .innerJoin('household', 'household.id', 'member.householdId')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select('member.id')
      .where('township.name', '=', '泗城镇')
      .executeTakeFirstOrThrow();
    expect(inTownship.id === member.id ? outside.errors : outside.errors?.[0]?.extensions?.code).toBe(
      inTownship.id === member.id ? undefined : 'NOT_FOUND',
    );
  });
});

describe('access rules', () => {
  it('are decided for every record type, and every phone or ID number field is sensitive (a new type without them fails here)', () => {
    const missing: string[] = [];
    for (const resource of resources.values()) {
      const { config } = resource;
      // a type is public reference data, or decides for clerks (a division path down to the village, a county's
      // alone for a county's money, which is no clerk's, or null for none) and for partners
      const division = config.division;
      const decided =
        division === null ||
        Boolean(division?.township && division.village) ||
        Boolean(division?.county && !division.township && !division.village);
      if (!config.public && !decided) missing.push(`${config.name}: no decision for clerks`);
      if (!config.public && config.partner === undefined)
        missing.push(`${config.name}: no decision for partners (a rule, or null for none)`);
      for (const [field, spec] of Object.entries(config.fields)) {
        if (/phone|mobile|residentId/i.test(field) && !spec.sensitive) missing.push(`${config.name}.${field}: not marked sensitive`);
      }
    }
    expect(missing).toEqual([]);
  });
});
