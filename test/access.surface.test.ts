import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { globalId } from '../schema/src/graph/ids';
import { smallCounty } from './support/fixtures';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

/** What a hostile page or a broken query meets at the HTTP surface: refused cleanly, and the server goes on. */
describe('the GraphQL surface', () => {
  let database: TestDatabase;
  let server: TestServer;
  let cookie: string;
  let households: { id: number; householdNumber: string }[];

  beforeAll(async () => {
    database = await freshDatabase();
    await smallCounty(database.db, { villages: 2, households: 2, members: 1 });
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    server = await startServer(database);
    cookie = await server.signIn('admin', 'admin-password');
    households = await database.db.selectFrom('household').select(['id', 'householdNumber']).orderBy('id').execute();
  });

  const stillAnswers = async () =>
    expect((await server.graphql(`{ me { username } }`, {}, { cookie })).data).toEqual({ me: { username: 'admin' } });
  const note = async (id: number) =>
    (await database.db.selectFrom('household').select('note').where('id', '=', id).executeTakeFirstOrThrow()).note;
  const update = (id: number, text: string, alias = 'u') =>
    `${alias}: updateHousehold(input: { id: "${globalId('Household', id)}", version: 1, patch: { note: "${text}" } }) { household { note } }`;

  it('refuses a simple cross-site POST (text/plain, as a form sends it) with the session cookie, changing nothing (CSRF prevention)', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': contentType, cookie },
        body: JSON.stringify({ query: `mutation { ${update(households[0]!.id, 'csrf')} }` }),
      });
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 400 });
      expect(await response.text()).not.toMatch(/csrf"/);
    }
    expect(await note(households[0]!.id)).not.toBe('csrf');
    await stillAnswers();
  });

  it('refuses a mutation sent with GET', async () => {
    const query = encodeURIComponent(`mutation { ${update(households[0]!.id, 'get')} }`);
    const response = await fetch(`${server.url}/graphql?query=${query}`, { headers: { cookie, 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(405);
    expect(await note(households[0]!.id)).not.toBe('get');
    await stillAnswers();
  });

  it('answers an unexpected database failure as INTERNAL_SERVER_ERROR with no SQL, stack or personal data, and saves nothing of that request', async () => {
    const [first, second] = households;
    // a fault deep in the database, carrying personal data and SQL in its message
    await sql
      .raw(
        `create function boom() returns trigger language plpgsql as $$ begin
           if new.note = 'boom' then raise exception 'select resident_id from member where phone = ''13900000001''' using errcode = 'XX000'; end if;
           return new; end $$;
         create trigger boom before update on household for each row execute function boom();`,
      )
      .execute(database.db);
    try {
      const result = await server.graphql<Any>(
        `mutation { ${update(first!.id, 'saved?', 'a')} ${update(second!.id, 'boom', 'b')} }`,
        {},
        { cookie },
      );
      expect(result.status).toBe(500);
      expect(result.errors).toEqual([{ message: expect.stringMatching(/未保存/), extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      const text = JSON.stringify(result);
      for (const leak of ['select', 'resident_id', '13900000001', 'boom', '.ts:', 'stack'])
        expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
      // the first mutation of the request succeeded on its own, but the request as a whole was rolled back
      expect(await note(first!.id)).not.toBe('saved?');
    } finally {
      await sql.raw(`drop trigger boom on household; drop function boom();`).execute(database.db);
    }
    await stillAnswers();
  });

  it('answers a failing read with the rest of the query and a clean error', async () => {
    await sql`revoke select on member from hub_app`.execute(database.db);
    try {
      const result = await server.graphql<Any>(
        `query ($id: ID!) { me { username } node(id: $id) { ... on Household { members { name } } } }`,
        { id: globalId('Household', households[0]!.id) },
        { cookie },
      );
      expect(result.data).toEqual({ me: { username: 'admin' }, node: null });
      expect(result.errors).toEqual([
        expect.objectContaining({ message: '服务器内部错误 / Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      ]);
      expect(JSON.stringify(result)).not.toMatch(/member|permission|select/);
    } finally {
      await sql`grant select on member to hub_app`.execute(database.db);
    }
    await stillAnswers();
  });
});
