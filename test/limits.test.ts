import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

/** The GraphQL surface's limits: each refusal says which limit, and the server keeps answering. */
describe('request limits', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
  });

  const stillAnswers = async () =>
    expect((await server.graphql(`{ me { username } }`, {}, { cookie })).data).toEqual({ me: { username: 'admin' } });

  it('refuses a query 30 levels deep', async () => {
    // village → township → county → townships → … : 2 + 3 × 10 = 32 levels
    let selection = 'id';
    for (let i = 0; i < 10; i++) selection = `township { county { townships { ${selection} } } }`;
    const query = `{ villages(first: 1) { nodes { ${selection} } } }`;
    const result = await server.graphql(query, {}, { cookie });
    expect(result.errors?.[0]?.extensions).toMatchObject({ limit: 'depth' });
    expect(result.errors?.[0]?.message).toMatch(/层/);
    await stillAnswers();
  });

  it('refuses 500 aliases', async () => {
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const result = await server.graphql(query, {}, { cookie });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.errors)).toMatch(/aliases|token/i);
    await stillAnswers();
  });

  it('refuses a query whose page sizes multiply past the cost limit, and accepts a big single page', async () => {
    const tooMuch = await server.graphql(
      `{ villages(first: 500) { nodes { households(first: 500) { nodes { members { name } } } } } }`,
      {},
      { cookie },
    );
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({ limit: 'cost', max: 100000 });
    const fine = await server.graphql(`{ households(first: 500) { nodes { householdNumber members { name } } } }`, {}, { cookie });
    expect(fine.errors).toBeUndefined();
    await stillAnswers();
  });

  it('refuses a batched request (an array of operations)', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', cookie },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(response.status).toBe(400);
    await stillAnswers();
  });
});

describe('introspection in production', () => {
  it('is refused to anonymous callers and answered for signed-in ones (analysts’ tools need it)', async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    const server = await startServer(database, { production: true });
    const query = '{ __schema { queryType { name } } }';
    const anonymous = await server.graphql(query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data ?? null).toBeNull();
    const cookie = await server.signIn('analyst', 'analyst-password');
    expect((await server.graphql(query, {}, { cookie })).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
