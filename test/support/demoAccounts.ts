import { inject } from 'vitest';
import { freshDatabase, type TestDatabase } from './database';
import { startServer, type GraphQLResult, type TestServer } from './server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

export const DEMO_ACCOUNTS = ['admin', 'clerk', 'analyst', 'partner'] as const;
export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

export interface DemoCounty {
  database: TestDatabase;
  server: TestServer;
  /** each demo account's session cookie */
  sessions: Record<DemoAccount, string>;
  /** a GraphQL client signed in as that account */
  as(user: DemoAccount): (query: string, variables?: Any) => Promise<GraphQLResult<Any>>;
  /** the township of the demo clerk (泗城镇) */
  townshipId: number;
}

/** The demo county served, with its four accounts signed in: what the access tests start from. */
export async function demoCounty(): Promise<DemoCounty> {
  const database = await freshDatabase('demo');
  const server = await startServer(database);
  const sessions = {} as Record<DemoAccount, string>;
  for (const user of DEMO_ACCOUNTS) sessions[user] = await server.signIn(user, inject('demoPassword'));
  const townshipId = (await database.db.selectFrom('township').select('id').where('name', '=', '泗城镇').executeTakeFirstOrThrow()).id;
  return {
    database,
    server,
    sessions,
    townshipId,
    as:
      (user) =>
      (query, variables = {}) =>
        server.graphql<Any>(query, variables, { cookie: sessions[user] }),
  };
}
