import { request as httpRequest, Agent } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { countyToday } from '../schema/src/graph/validation';
import { globalId } from '../schema/src/graph/ids';
import { freshDatabase, type TestDatabase } from './support/database';
import { startServer, type GraphQLResult, type TestServer } from './support/server';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers in tests

const NUL = '\u0000';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * The last bad inputs of issue 12: each is refused with a code a client can act on, names what is wrong,
 * changes nothing, and is not logged as an internal error (the server's error log stays empty).
 */
describe('bad inputs', () => {
  let database: TestDatabase;
  let server: TestServer;
  let admin: (query: string, variables?: Any, headers?: Record<string, string>) => Promise<GraphQLResult<Any>>;
  const logged: unknown[] = [];

  beforeAll(async () => {
    database = await freshDatabase('demo');
    server = await startServer(database, { logError: (error) => logged.push(error) });
    const cookie = await server.signIn('admin', inject('demoPassword'));
    admin = (query, variables = {}, headers = {}) => server.graphql<Any>(query, variables, { cookie, headers });
  });

  /** every row count and version sum that a write would move, and the audit log's length */
  async function state(): Promise<unknown> {
    const { rows } = await sql<Any>`
      select (select count(*) || '/' || coalesce(sum(version), 0) from household) as households,
             (select count(*) || '/' || coalesce(sum(version), 0) from member) as members,
             (select count(*) || '/' || coalesce(sum(version), 0) from disbursement) as disbursements,
             (select count(*) || '/' || coalesce(sum(version), 0) from project) as projects,
             (select count(*) || '/' || coalesce(sum(version), 0) from fund_source) as funds,
             (select count(*) || '/' || coalesce(sum(version), 0) from exit_criteria_set) as criteria,
             (select count(*) from app_user) as users,
             (select count(*) from api_token) as tokens,
             (select count(*) from audit_log) as audit`.execute(database.db);
    return rows[0];
  }

  /** runs a request that must be refused with `code`, naming `field` (and `path` when given), and change nothing */
  async function refused(run: () => Promise<GraphQLResult<Any>>, code: string, field: string, path?: string): Promise<GraphQLResult<Any>> {
    const before = await state();
    const result = await run();
    expect(result.errors, JSON.stringify(result)).toHaveLength(1);
    const error = result.errors![0]!;
    expect(error.extensions?.code, JSON.stringify(error)).toBe(code);
    const fields = error.extensions?.fields as { field: string; path?: string }[];
    expect(fields[0]).toMatchObject({ field, ...(path ? { path } : {}) });
    expect(error.extensions?.messages).toEqual({ zh: expect.any(String), en: expect.any(String) });
    expect(await state()).toEqual(before);
    return result;
  }

  async function aHousehold() {
    return database.db
      .selectFrom('household')
      .select(['id', 'version', 'status', 'exitYear'])
      .where('status', '=', 'EXITED')
      .orderBy('id')
      .executeTakeFirstOrThrow();
  }

  describe('a NUL character (U+0000)', () => {
    it('in a record input: create, update and a pasted range, for any record type', async () => {
      const household = await aHousehold();
      const update = await refused(
        () =>
          admin(`mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { id } } }`, {
            input: { id: globalId('Household', household.id), version: household.version, patch: { address: `泗城镇${NUL}某屯` } },
          }),
        'BAD_USER_INPUT',
        'address',
        'input.patch.address',
      );
      expect(update.errors![0]!.message).toMatch(/空字符/);
      const english = await admin(
        `mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { id } } }`,
        { input: { id: globalId('Household', household.id), version: household.version, patch: { address: NUL } } },
        { 'accept-language': 'en' },
      );
      expect(english.errors![0]!.message).toMatch(/NUL character/);

      await refused(
        () =>
          admin(`mutation ($input: CreateExitCriteriaSetInput!) { createExitCriteriaSet(input: $input) { exitCriteriaSet { id } } }`, {
            input: { level: 'HOUSEHOLD', code: 'NUL_TEST', nameZh: `标准${NUL}`, regionCode: '450000', fromYear: 2016 },
          }),
        'BAD_USER_INPUT',
        'nameZh',
        'input.nameZh',
      );
      await refused(
        () =>
          admin(`mutation ($input: ApplyChangesInput!) { applyChanges(input: $input) { records { id } } }`, {
            input: {
              changes: [
                { id: globalId('Household', household.id), version: household.version, patch: { address: '某屯' } },
                { id: globalId('Household', household.id), version: household.version, patch: { phone: `1390000${NUL}0000` } },
              ],
            },
          }),
        'BAD_USER_INPUT',
        'phone',
        'input.changes[1].patch.phone',
      );
    });

    it('in a text filter, with every operator, on lists, figures and exports', async () => {
      for (const op of ['eq', 'ne', 'contains', 'startsWith', 'lt', 'gte']) {
        await refused(
          () => admin(`query ($f: MemberFilter) { members(filter: $f) { totalCount } }`, { f: { name: { [op]: `黄${NUL}` } } }),
          'BAD_USER_INPUT',
          op,
          `filter.name.${op}`,
        );
      }
      await refused(
        () =>
          admin(`query ($f: MemberFilter) { members(filter: $f) { totalCount } }`, { f: { or: [{ name: { in: ['黄', `韦${NUL}`] } }] } }),
        'BAD_USER_INPUT',
        'in',
        'filter.or[0].name.in[1]',
      );
      await refused(
        () => admin(`query ($f: MemberFilter) { membersStats(filter: $f, groupBy: [SEX]) { count } }`, { f: { name: { contains: NUL } } }),
        'BAD_USER_INPUT',
        'contains',
        'filter.name.contains',
      );
      // an export's filter comes as JSON in its URL, not through GraphQL: the filter layer refuses it the same way
      const cookie = await server.signIn('admin', inject('demoPassword'));
      const before = await state();
      const response = await fetch(
        `${server.url}/export/members.csv?filter=${encodeURIComponent(JSON.stringify({ name: { contains: `黄${NUL}` } }))}`,
        { headers: { cookie } },
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as Any;
      expect(body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'contains', path: 'filter.name.contains' }],
      });
      expect(await state()).toEqual(before);
    });

    it('in the other text arguments: sign-in, users, tokens, analytics', async () => {
      await refused(
        () =>
          server.graphql<Any>(`mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`, {
            u: `admin${NUL}`,
            p: 'x',
          }),
        'BAD_USER_INPUT',
        'username',
        'username',
      );
      await refused(
        () =>
          server.graphql<Any>(`mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }`, {
            u: 'admin',
            p: `pass${NUL}word`,
          }),
        'BAD_USER_INPUT',
        'password',
      );
      await refused(
        () =>
          admin(`mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
            input: { username: `new${NUL}user`, displayName: '新用户', role: 'ANALYST', password: 'a long password' },
          }),
        'BAD_USER_INPUT',
        'username',
        'input.username',
      );
      await refused(
        () => admin(`mutation ($n: String!) { createApiToken(name: $n) { token } }`, { n: `script${NUL}` }),
        'BAD_USER_INPUT',
        'name',
      );
      await refused(
        () => admin(`query ($d: ID) { povertyOverview(year: 2016, divisionId: $d) { incidence } }`, { d: `${NUL}` }),
        'BAD_USER_INPUT',
        'divisionId',
      );
      // and a NUL written straight into the query text rather than a variable
      await refused(
        () => admin(`{ members(filter: { name: { contains: "黄\\u0000" } }) { totalCount } }`),
        'BAD_USER_INPUT',
        'contains',
        'filter.name.contains',
      );
      expect(logged).toEqual([]);
    });
  });

  describe('an ID that is not an ID of a record', () => {
    const NOT_IDS = {
      'not base64': '!!! not an id !!!',
      'a type that is not a record (AuditLog)': b64('AuditLog:1'),
      'a type that is not a node (User)': b64('User:1'),
      'an unknown type': b64('Nothing:1'),
      'a number out of range': b64('Household:99999999999999999999'),
      'a negative number': b64('Household:-1'),
      'not a whole number': b64('Household:1.5'),
      'an exponent': b64('Household:1e3'),
      empty: '',
    };

    it.each(Object.entries(NOT_IDS))('node(id:) with %s: BAD_USER_INPUT naming id', async (_what, id) => {
      const result = await refused(() => admin(`query ($id: ID!) { node(id: $id) { id } }`, { id }), 'BAD_USER_INPUT', 'id');
      expect(result.data).toEqual({ node: null });
      expect(logged).toEqual([]);
    });

    it('nodes(ids:) names the position of the bad one, and reads none', async () => {
      const household = await aHousehold();
      const result = await refused(
        () => admin(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [globalId('Household', household.id), b64('AuditLog:1')] }),
        'BAD_USER_INPUT',
        'ids[1]',
      );
      expect(result.data).toBeNull();
      await refused(
        () =>
          admin(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
            ids: Array.from({ length: 501 }, (_, i) => globalId('Household', i + 1)),
          }),
        'BAD_USER_INPUT',
        'ids',
      );
    });

    it('a well-formed ID of a record that does not exist is null, not an error; a real one is found', async () => {
      const household = await aHousehold();
      const result = await admin(
        `query ($ids: [ID!]!, $id: ID!) { node(id: $id) { id } nodes(ids: $ids) { id ... on Household { status } } }`,
        {
          id: globalId('Household', 2147483647),
          ids: [globalId('Household', household.id), globalId('Member', 2147483647)],
        },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ node: null, nodes: [{ id: globalId('Household', household.id), status: 'EXITED' }, null] });
    });

    it('every other ID argument answers the same: updateX(id), deleteX(id), a filter’s townshipId and id', async () => {
      const outOfRange = b64('Household:99999999999999999999');
      await refused(
        () =>
          admin(`mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { id } } }`, {
            input: { id: outOfRange, version: 1, patch: { address: '某屯' } },
          }),
        'BAD_USER_INPUT',
        'id',
      );
      await refused(
        () =>
          admin(`mutation ($input: DeleteHouseholdInput!) { deleteHousehold(input: $input) { deletedId } }`, {
            input: { id: b64('AuditLog:1'), version: 1 },
          }),
        'BAD_USER_INPUT',
        'id',
      );
      await refused(
        () =>
          admin(`query ($t: ID) { households(filter: { townshipId: $t }) { totalCount } }`, { t: b64('Township:99999999999999999999') }),
        'BAD_USER_INPUT',
        'filter.townshipId',
      );
      await refused(
        () => admin(`query ($f: HouseholdFilter) { households(filter: $f) { totalCount } }`, { f: { id: { in: ['garbage'] } } }),
        'BAD_USER_INPUT',
        'filter.id',
      );
      expect(logged).toEqual([]);
    });
  });

  describe('a date in the future where the date records something that happened', () => {
    const thisYear = Number(countyToday().slice(0, 4));

    it('createDisbursement with paidOn 2099-01-01 is refused like a future visit or birth date; today is accepted', async () => {
      // an allocation not yet paid out in full, so that a payment of today is accepted
      const { rows } = await sql<{
        id: number;
      }>`select a.id from fund_allocation a where a.amount > (select coalesce(sum(d.amount), 0) + 1 from disbursement d where d.fund_allocation_id = a.id) order by a.id limit 1`.execute(
        database.db,
      );
      const allocation = rows[0]!;
      const create = (paidOn: string) =>
        admin(`mutation ($input: CreateDisbursementInput!) { createDisbursement(input: $input) { disbursement { paidOn } } }`, {
          input: {
            fundAllocationId: globalId('FundAllocation', allocation.id),
            payeeType: 'CONTRACTOR',
            payeeName: '施工队',
            amount: '0.01',
            paidOn,
          },
        });
      const result = await refused(() => create('2099-01-01'), 'BAD_USER_INPUT', 'paidOn');
      expect(result.errors![0]!.extensions!.messages).toEqual({
        zh: '拨付日期（2099-01-01）不能晚于今天',
        en: 'Paid on (2099-01-01) cannot be in the future',
      });
      const today = countyToday();
      const saved = await create(today);
      expect(saved.errors).toBeUndefined();
      expect(saved.data).toEqual({ createDisbursement: { disbursement: { paidOn: today } } });
    });

    it('and the other dates and years that record what happened: births, funds received and allocated, exits, a finished project', async () => {
      const household = await aHousehold();
      await refused(
        () =>
          admin(`mutation ($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { id } } }`, {
            input: { id: globalId('Household', household.id), version: household.version, patch: { exitYear: thisYear + 1 } },
          }),
        'BAD_USER_INPUT',
        'exitYear',
      );
      const member = await database.db.selectFrom('member').select(['id', 'version']).orderBy('id').executeTakeFirstOrThrow();
      await refused(
        () =>
          admin(`mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { member { id } } }`, {
            input: { id: globalId('Member', member.id), version: member.version, patch: { birthDate: `${thisYear + 1}-01-01` } },
          }),
        'BAD_USER_INPUT',
        'birthDate',
      );
      const fund = await database.db.selectFrom('fundSource').select(['id', 'version']).orderBy('id').executeTakeFirstOrThrow();
      await refused(
        () =>
          admin(`mutation ($input: UpdateFundSourceInput!) { updateFundSource(input: $input) { fundSource { id } } }`, {
            input: { id: globalId('FundSource', fund.id), version: fund.version, patch: { receivedOn: '2099-01-01' } },
          }),
        'BAD_USER_INPUT',
        'receivedOn',
      );
      // a project's end date is a plan until the project is finished
      const project = await database.db
        .selectFrom('project')
        .select(['id', 'version', 'startDate'])
        .where('status', '=', 'PLANNED')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const updateProject = (version: number, patch: Any) =>
        admin(`mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { project { version endDate } } }`, {
          input: { id: globalId('Project', project.id), version, patch },
        });
      const planned = await updateProject(project.version, { startDate: null, endDate: '2099-06-30' });
      expect(planned.errors).toBeUndefined();
      await refused(() => updateProject(project.version + 1, { status: 'COMPLETED' }), 'BAD_USER_INPUT', 'endDate');
      expect(logged).toEqual([]);
    });
  });
});

describe('a body over the limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(await freshDatabase());
  });

  it('gets 413 every time, ten times over one keep-alive connection, and the connection then serves a normal request', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<Socket>();
    const post = (body: Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/graphql`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', 'content-length': body.length },
          },
          (res) => {
            let text = '';
            res
              .setEncoding('utf8')
              .on('data', (c: string) => (text += c))
              .on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('socket', (socket) => sockets.add(socket));
        req.on('error', reject);
        req.end(body);
      });
    const big = Buffer.from(JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(2.5 * 1024 * 1024) }));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const answer = await post(big);
      statuses.push(answer.status);
      expect(answer.text).toMatch(/2 MB/);
    }
    expect(statuses).toEqual(Array(10).fill(413));
    const fine = await post(Buffer.from(JSON.stringify({ query: `{ __typename }` })));
    expect(fine).toMatchObject({ status: 200 });
    expect(sockets.size).toBe(1);
    agent.destroy();
  });

  it('the same without a declared length (chunked)', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' } },
        (res) => {
          res.resume().on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write('x'.repeat(512 * 1024));
      req.end();
    });
    expect(answer).toBe(413);
  });

  it('a client that keeps sending forever gets its 413 and loses the connection, within a bound', async () => {
    const { port } = new URL(server.url);
    const socket = netConnect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.setEncoding('utf8').on('data', (c: string) => (answer += c));
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.once('close', resolve));
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    socket.write(
      'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\napollo-require-preflight: true\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    const chunk = `10000\r\n${'x'.repeat(0x10000)}\r\n`;
    const started = Date.now();
    let sent = 0;
    while (!isClosed && sent < 64 * 1024 * 1024 && Date.now() - started < 30_000) {
      if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      sent += 0x10000;
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    // 2 MB read, then at most 8 MB thrown away (plus what the sockets' buffers held) before the server hung up
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
