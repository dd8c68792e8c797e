import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, type TestServer } from './support/server';

/**
 * No N+1: a nested read costs one statement per level (plus sign-in's fixed few), however many parents a
 * level has. Counted at the driver, for 10 and for 100 parents.
 */
describe('nested reads', () => {
  let statements: string[] = [];
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    const database = await freshDatabase('empty', { onQuery: (sql) => statements.push(sql) });
    await smallCounty(database.db, { villages: 120, households: 3, members: 3 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
  });

  async function count(query: string, variables: Record<string, unknown>): Promise<{ statements: number; data: Record<string, unknown> }> {
    statements = [];
    const result = await server.graphql(query, variables, { cookie });
    expect(result.errors).toBeUndefined();
    return { statements: statements.length, data: result.data! };
  }

  it('costs the same number of SQL statements for 10 and for 100 villages, each with households and members', async () => {
    const query = `query ($n: Int!) { villages(first: $n) { totalCount nodes { name township { name county { name } }
      households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber size headName village { code }
        members { name age maskedResidentId household { householdNumber } } income(year: 2015) { netIncome } history(first: 1) { totalCount } } } } } }`;
    const ten = await count(query, { n: 10 });
    const hundred = await count(query, { n: 100 });
    expect((hundred.data.villages as { nodes: unknown[] }).nodes).toHaveLength(100);
    expect(hundred.statements).toBe(ten.statements);
    // one per level: sign-in lookups, villages, count, townships, counties, households, their count, villages, members, households, incomes, history, history count
    expect(ten.statements).toBeLessThanOrEqual(16);
  });

  it('costs the same for a 10-row and a 100-row households page with village and members', async () => {
    const query = `query ($n: Int!) { households(first: $n) { nodes { householdNumber village { name township { name } } members { name relation } } } }`;
    const ten = await count(query, { n: 10 });
    const hundred = await count(query, { n: 100 });
    expect(hundred.statements).toBe(ten.statements);
  });
});
