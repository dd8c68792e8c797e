import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { user { id username displayName role } expiresAt }
}`;
const ME = `{ me { id username displayName role } }`;

describe('sign-in', () => {
  let database: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    database = await freshDatabase();
    await createUser(database.db, { username: 'wang.clerk', displayName: '王录入', role: 'ANALYST', password: 'correct horse battery' });
    const disabled = await createUser(database.db, {
      username: 'gone',
      displayName: '已停用',
      role: 'ANALYST',
      password: 'correct horse battery',
    });
    await database.db.updateTable('appUser').set({ disabledAt: new Date() }).where('id', '=', disabled).execute();
    server = await startServer(database);
  });

  it('stores only a scrypt hash of the password', async () => {
    const user = await database.db
      .selectFrom('appUser')
      .select('passwordHash')
      .where('username', '=', 'wang.clerk')
      .executeTakeFirstOrThrow();
    expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(user.passwordHash).not.toContain('correct horse');
  });

  it('signs in with the right password, sets an HttpOnly SameSite session cookie, and `me` answers with it', async () => {
    const result = await server.graphql(LOGIN, { username: 'Wang.Clerk', password: 'correct horse battery' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ login: { user: { username: 'wang.clerk', displayName: '王录入', role: 'ANALYST' } } });
    const cookie = result.headers.getSetCookie().find((c) => c.startsWith('hub_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const session = cookie!.split(';')[0]!;
    expect(session.length).toBeGreaterThan(40);
    const me = await server.graphql(ME, {}, { cookie: session });
    expect(me.data).toEqual({ me: { id: expect.any(String), username: 'wang.clerk', displayName: '王录入', role: 'ANALYST' } });
    const audit = await database.db.selectFrom('auditLog').selectAll().where('operation', '=', 'SIGN_IN').execute();
    expect(audit.map((row) => row.actorName)).toContain('wang.clerk');
  });

  it('answers null for `me` without a session, and with a made-up one', async () => {
    expect((await server.graphql(ME)).data).toEqual({ me: null });
    expect((await server.graphql(ME, {}, { cookie: 'hub_session=forged-token-value' })).data).toEqual({ me: null });
  });

  it('refuses a wrong password, an unknown user and a disabled user with the same message, setting no cookie', async () => {
    for (const [username, password] of [
      ['wang.clerk', 'wrong password'],
      ['nobody', 'correct horse battery'],
      ['gone', 'correct horse battery'],
    ]) {
      const result = await server.graphql(LOGIN, { username, password });
      expect(result.data).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ message: '用户名或密码错误', extensions: { code: 'UNAUTHENTICATED' } });
      expect(result.headers.getSetCookie()).toEqual([]);
    }
  });

  it('speaks English when the client asks for it', async () => {
    const result = await server.graphql(LOGIN, { username: 'nobody', password: 'x' }, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(result.errors?.[0]?.message).toBe('Wrong username or password');
  });

  it('signs out: the cookie is cleared and the old session no longer works', async () => {
    const session = await server.signIn('wang.clerk', 'correct horse battery');
    const result = await server.graphql(`mutation { logout }`, {}, { cookie: session });
    expect(result.data).toEqual({ logout: true });
    expect(result.headers.getSetCookie()[0]).toMatch(/^hub_session=;.*Max-Age=0/);
    expect((await server.graphql(ME, {}, { cookie: session })).data).toEqual({ me: null });
  });
});

describe('GraphQL over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(await freshDatabase());
  });

  it('answers application/graphql-response+json when asked for it', async () => {
    const result = await server.graphql(ME);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('serves queries over GET but refuses mutations over GET', async () => {
    const query = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { me: null } });
    const mutation = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(mutation.status).toBe(405);
  });

  it('refuses a text/plain POST (a cross-site form could send one) before running anything', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(response.status).toBe(400);
  });

  it('refuses a body that is not JSON, or larger than the limit, with a clear error', async () => {
    const bad = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/JSON/);
    const huge = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });

  it('answers /healthz once the database is reachable', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('sign-in throttling', () => {
  let server: TestServer;
  beforeAll(async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'target', displayName: '被试', role: 'ANALYST', password: 'the right password' });
    server = await startServer(database);
  });

  it('refuses an account after five failures, even with the right password, and says when to retry', async () => {
    for (let i = 0; i < 5; i++) {
      const failed = await server.graphql(LOGIN, { username: 'target', password: `guess ${i}` });
      expect(failed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await server.graphql(LOGIN, { username: 'TARGET', password: 'the right password' });
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(blocked.errors?.[0]?.message).toMatch(/分钟后再试/);
    expect(blocked.headers.getSetCookie()).toEqual([]);
  });
});

describe('API tokens', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    server = await startServer(database);
    cookie = await server.signIn('analyst', 'analyst-password');
  });

  it('shows a new token once, works as a bearer, lists without the secret, and stops working at once when revoked', async () => {
    const created = await server.graphql<{ createApiToken: { token: string; apiToken: { id: string; name: string; active: boolean } } }>(
      `mutation { createApiToken(name: "BI 连接器", expiresInDays: 30) { token apiToken { id name active } } }`,
      {},
      { cookie },
    );
    const { token, apiToken } = created.data!.createApiToken;
    expect(token).toMatch(/^fph_[A-Za-z0-9_-]{40,}$/);
    expect(apiToken).toMatchObject({ name: 'BI 连接器', active: true });
    expect((await server.graphql(ME, {}, { token })).data).toMatchObject({ me: { username: 'analyst' } });
    const listed = await server.graphql(`{ apiTokens { name lastUsedAt } }`, {}, { cookie });
    expect(JSON.stringify(listed.data)).not.toContain(token);
    expect(listed.data).toMatchObject({ apiTokens: [{ name: 'BI 连接器', lastUsedAt: expect.any(String) }] });
    const tokenCannotMint = await server.graphql(`mutation { createApiToken(name: "x") { token } }`, {}, { token });
    expect(tokenCannotMint.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await server.graphql(`mutation ($id: ID!) { revokeApiToken(id: $id) { active } }`, { id: apiToken.id }, { cookie });
    expect((await server.graphql(ME, {}, { token })).data).toEqual({ me: null });
  });

  it('refuses a token name that is empty or an expiry beyond a year, naming the field', async () => {
    const result = await server.graphql(`mutation { createApiToken(name: "", expiresInDays: 400) { token } }`, {}, { cookie });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'name' }, { field: 'expiresInDays' }],
    });
  });
});
