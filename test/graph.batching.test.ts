import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { smallCounty } from './support/fixtures';
import { startServer, withoutEnvelope, type TestServer } from './support/server';

/**
 * No N+1: a nested read costs one statement per level, however many parents a level has. Counted at the
 * driver, for 10 and for 100 parents, the request's envelope aside (its caller's lookup unless the viewer was
 * known, its commit unless it read in one round trip per statement: see withoutEnvelope).
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
    return { statements: withoutEnvelope(statements).length, data: result.data! };
  }

  it('costs the same number of SQL statements for 10 and for 100 villages, each with households and members', async () => {
    const query = `query ($n: Int!) { villages(first: $n) { totalCount nodes { name township { name county { name } }
      households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber size headName village { code }
        members { name age maskedResidentId household { householdNumber } } income(year: 2015) { netIncome } history(first: 1) { totalCount } } } } } }`;
    const ten = await count(query, { n: 10 });
    const hundred = await count(query, { n: 100 });
    expect((hundred.data.villages as { nodes: unknown[] }).nodes).toHaveLength(100);
    expect(hundred.statements).toBe(ten.statements);
    // one per level: villages, count, townships, counties, households, their count, villages, members, households, incomes, history, history count
    expect(ten.statements).toBeLessThanOrEqual(14);
  });

  it('costs the same for a 10-row and a 100-row households page with village and members', async () => {
    const query = `query ($n: Int!) { households(first: $n) { nodes { householdNumber village { name township { name } } members { name relation } } } }`;
    const ten = await count(query, { n: 10 });
    const hundred = await count(query, { n: 100 });
    expect(hundred.statements).toBe(ten.statements);
  });

  it('saves a pasted range of 100 rows with three statements a row, locking, auditing and reading back in one each', async () => {
    const page = await server.graphql<{ households: { nodes: { id: string; version: number }[] } }>(
      `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id version } } }`,
      {},
      { cookie },
    );
    const changes = page.data!.households.nodes.map((h, i) => ({
      id: h.id,
      version: h.version,
      patch: { note: `粘贴 ${i}`, arableLandMu: '2.5' },
    }));
    const saved = await count(
      `mutation ($changes: [RecordChangeInput!]!) { applyChanges(input: { changes: $changes }) { records { id ... on Household { note version } } } }`,
      { changes },
    );
    const records = (saved.data.applyChanges as { records: { note: string; version: number }[] }).records;
    expect(records.map((r) => r.note)).toEqual(changes.map((c) => c.patch.note));
    expect(records.every((r, i) => r.version === changes[i]!.version + 1)).toBe(true);
    // savepoint, update, release per row; the rest (sign-in, transaction, lock, audit, read back) does not grow with the range
    expect(saved.statements).toBeLessThanOrEqual(3 * 100 + 15);
    const history = await server.graphql<{ node: { history: { totalCount: number; nodes: { changedFields: string[] }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Household { history(first: 1) { totalCount nodes { changedFields } } } } }`,
      { id: changes[42]!.id },
      { cookie },
    );
    expect(history.data!.node.history.nodes[0]!.changedFields.sort()).toEqual(['arableLandMu', 'note']);
  });
});
