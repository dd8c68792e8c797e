import { beforeAll, describe, expect, inject, it } from 'vitest';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/**
 * What a user's credentials are worth after an administrator resets her password or deactivates her
 * (docs/access.md, "Tokens after a password reset or deactivation"): nothing, from the next request on —
 * sessions and API tokens alike, on the graph and on exports.
 */
describe('sessions and API tokens after a password reset or a deactivation', () => {
  let database: TestDatabase;
  let server: TestServer;
  let adminCookie: string;
  const admin = (query: string, variables: Any = {}) => server.graphql<Any>(query, variables, { cookie: adminCookie });

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database);
    adminCookie = await server.signIn('admin', inject('demoPassword'));
  });

  const userNamed = async (username: string) =>
    ((await admin(`{ users { id username version disabled } }`)).data!.users as Any[]).find((u) => u.username === username)!;
  const newToken = async (cookie: string, name: string) =>
    (await server.graphql<Any>(`mutation ($n: String!) { createApiToken(name: $n) { token } }`, { n: name }, { cookie })).data!
      .createApiToken.token as string;
  /** who the graph says the credential is (null: nobody), and what an export with it answers */
  const whoIs = async (credential: { cookie?: string; token?: string }) =>
    (await server.graphql<Any>(`{ me { username } }`, {}, credential)).data!.me?.username ?? null;
  const exportStatus = async (token: string) =>
    (await fetch(`${server.url}/export/villages.csv`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('a password reset ends her sessions and revokes her API tokens at once; the audit says how many; others’ tokens go on', async () => {
    const analyst = await server.signIn('analyst', inject('demoPassword'));
    const tokens = [await newToken(analyst, 'nightly figures'), await newToken(analyst, 'dashboard')];
    const bystander = await newToken(await server.signIn('clerk', inject('demoPassword')), 'clerk script');
    for (const token of tokens) {
      expect(await whoIs({ token })).toBe('analyst');
      expect(await exportStatus(token)).toBe(200);
    }
    const user = await userNamed('analyst');
    expect(
      (await admin(`mutation ($id: ID!) { resetPassword(id: $id, newPassword: "a brand new password") { username } }`, { id: user.id }))
        .errors,
    ).toBeUndefined();

    expect(await whoIs({ cookie: analyst })).toBeNull();
    for (const token of tokens) {
      expect(await whoIs({ token })).toBeNull();
      expect(await exportStatus(token)).toBe(401);
    }
    expect(await whoIs({ token: bystander })).toBe('clerk');
    const entry = await database.db
      .selectFrom('auditLog')
      .select('after')
      .where('recordType', '=', 'User')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.after).toMatchObject({ password: 'reset', revokedTokens: 2 });
    const revoked = await database.db
      .selectFrom('apiToken')
      .innerJoin('appUser', 'appUser.id', 'apiToken.userId')
      .select('apiToken.revokedAt')
      .where('appUser.username', '=', 'analyst')
      .execute();
    expect(revoked.map((r) => r.revokedAt)).toEqual([expect.any(Date), expect.any(Date)]);

    // with the new password she signs in and makes a new token, which works
    const again = await server.signIn('analyst', 'a brand new password');
    const fresh = await newToken(again, 'nightly figures, again');
    expect(await whoIs({ token: fresh })).toBe('analyst');
  });

  it('a deactivation stops her sessions and tokens at once, for reads, writes and exports; reactivating does not bring the tokens back', async () => {
    const clerk = await server.signIn('clerk', inject('demoPassword'));
    const token = await newToken(clerk, 'paste script');
    const household = await database.db
      .selectFrom('household')
      .innerJoin('village', 'village.id', 'household.villageId')
      .innerJoin('township', 'township.id', 'village.townshipId')
      .select(['household.id', 'household.version'])
      .where('township.name', '=', '泗城镇')
      .orderBy('household.id')
      .executeTakeFirstOrThrow();
    const write = (version: number) =>
      server.graphql<Any>(
        `mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { version } } }`,
        { input: { id: globalId('Household', household.id), version, patch: { address: `停用测试 ${version}` } } },
        { token },
      );
    expect((await write(household.version)).data).toEqual({ updateHousehold: { household: { version: household.version + 1 } } });

    const user = await userNamed('clerk');
    const disabled = await admin(
      `mutation ($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, patch: { disabled: true } }) { disabled } }`,
      { id: user.id, v: user.version },
    );
    expect(disabled.data).toEqual({ updateUser: { disabled: true } });

    expect(await whoIs({ cookie: clerk })).toBeNull();
    expect(await whoIs({ token })).toBeNull();
    expect((await write(household.version + 1)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await exportStatus(token)).toBe(401);
    await expect(server.signIn('clerk', inject('demoPassword'))).rejects.toThrow();
    const after = await database.db.selectFrom('household').select('version').where('id', '=', household.id).executeTakeFirstOrThrow();
    expect(after.version).toBe(household.version + 1);

    // back at work: she signs in again, but the token made before stays revoked
    const reenabled = await userNamed('clerk');
    expect(
      (
        await admin(
          `mutation ($id: ID!, $v: Int!) { updateUser(input: { id: $id, version: $v, patch: { disabled: false } }) { disabled } }`,
          { id: reenabled.id, v: reenabled.version },
        )
      ).data,
    ).toEqual({ updateUser: { disabled: false } });
    expect(await whoIs({ token })).toBeNull();
    expect(await whoIs({ cookie: await server.signIn('clerk', inject('demoPassword')) })).toBe('clerk');
  });
});
