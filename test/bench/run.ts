/**
 * `pnpm bench`: loads a scaled demo county into a fresh PostgreSQL database, serves it, and measures a
 * fixed set of GraphQL operations under a small concurrent load — median and 95th-percentile latency, SQL
 * statements per request, and the ratio to a hand-written SQL query returning the same data.
 * Not part of `pnpm test`. Options: --households N (default 15000), --concurrency C (4), --requests R (200),
 * --only TEXT (the operations whose name contains it; several as A|B), --warmup W (20 requests before timing), --database-url URL (a scratch database already seeded with
 * `pnpm hub seed --demo`, demo password from HUB_DEMO_PASSWORD or the default: used as it is, written to, kept;
 * a county of 130,000 households takes minutes to seed).
 * --as USER (a demo account, e.g. clerk, to measure a scoped reader; default an administrator).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { connect, createUser, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { READABLE_BELOW } from '../../schema/src/twinning/sync';
import { createHubServer } from '../../server/src/http';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '15000' },
    concurrency: { type: 'string', default: '4' },
    requests: { type: 'string', default: '200' },
    only: { type: 'string' },
    warmup: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
    as: { type: 'string', default: 'bench' },
  },
  strict: true,
});
const HOUSEHOLDS = Number(values.households);
const CONCURRENCY = Number(values.concurrency);
const REQUESTS = Number(values.requests);
const USER = values.as;
const WARMUP = Number(values.warmup);
/** --only: the operations whose name contains one of its |-separated parts */
const selected = (name: string) => !values.only || values.only.split('|').some((part) => name.includes(part));
const PARTNER_PULL = 'partner incremental pull (100 changes)';

interface Operation {
  name: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** sees each answer (the update keeps its versions current) */
  after?: (variables: Record<string, unknown>, data: Record<string, unknown>) => void;
  /** the same data by hand, for the ratio (null: nothing to compare — a write, or an exit check whose SQL is the hub's own) */
  sql: string | null;
  sqlParams?: () => unknown[];
  /** whether the hand-written SQL's rows are the graph's answer: checked once, so that the ratio compares like with like */
  same?: (data: Record<string, unknown>, rows: Record<string, unknown>[]) => boolean;
  /** signed in as someone other than the administrator */
  cookie?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function timeLoad(run: (i: number) => Promise<void>, requests: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const start = performance.now();
        await run(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function main() {
  const existing = values['database-url'];
  const name = uniqueName('fupin_bench');
  if (!existing) await adminQuery(`create database ${name}`);
  const url = existing ?? databaseUrl(name);
  const password = existing ? (process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo') : 'bench-password';
  let statements = 0;
  const database = await connect({ databaseUrl: url, maxConnections: 10, onQuery: () => statements++ });
  const client = new pg.Client({ connectionString: url });
  try {
    await migrateToLatest(database.db);
    const summary = { households: 0, members: 0 };
    if (!existing) {
      const seedStart = performance.now();
      Object.assign(summary, await seedDemo(database.db, { password, households: HOUSEHOLDS }));
      console.log(
        `seeded ${summary.households} households, ${summary.members} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
      );
    }
    await client.connect();
    if (existing) {
      const { rows } = await client.query<{ households: number; members: number }>(
        'select (select count(*)::int from household) as households, (select count(*)::int from member) as members',
      );
      Object.assign(summary, rows[0]);
    }
    await client.query('analyze');
    const { rowCount } = await client.query(`select 1 from app_user where username = 'bench'`);
    if (!rowCount) await createUser(database.db, { username: 'bench', displayName: 'bench', role: 'ADMIN', password });

    const hub = await createHubServer({
      database,
      adminDir: '/nonexistent',
      production: true,
      secureCookies: false,
      logError: (e) => console.error(e),
    });
    await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}/graphql`;
    const post = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { body, response };
    };
    const login = await post(`mutation ($p: String!) { login(username: "${USER}", password: $p) { user { id } } }`, { p: password });
    const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;

    // the households the measured user may see (a clerk's township), so that reads and updates stay in scope
    const ids = (
      await client.query<{ id: number }>(
        `select h.id from household h
          where not exists (select 1 from app_user u where u.username = $1 and u.role = 'CLERK')
             or h.village_id in (select v.id from village v join user_scope s on s.township_id = v.township_id or s.village_id = v.id
                                   join app_user u on u.id = s.user_id where u.username = $1)
          order by h.id`,
        [USER],
      )
    ).rows.map((r) => r.id);
    // the partner's pulls write 2,000 changes first: only when that operation is measured
    const partner = selected(PARTNER_PULL) ? await partnerPulls(client, post, password) : { cookie: '', cursors: [], positions: [] };
    const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
    // a reused database has been updated before: start from the versions it holds
    const versions = new Map(
      (await client.query<{ id: number; version: number }>('select id, version from household')).rows.map((r) => [
        gid('Household', r.id),
        r.version,
      ]),
    );
    let updates = 0;
    // the admin grid's first block, as its data provider asks it (admin/src/dataProvider: every field of the
    // record type, links by id, 200 rows, totalCount, by household number): what a clerk waits for on opening the grid
    const recordTypes = (await post(`{ recordTypes { list fields { name kind } } }`, {}, cookie)).body.data!.recordTypes as {
      list: string;
      fields: { name: string; kind: string }[];
    }[];
    const gridSelection = [
      'id',
      'version',
      ...recordTypes.find((r) => r.list === 'households')!.fields.map((f) => (f.kind === 'REFERENCE' ? `${f.name} { id }` : f.name)),
    ].join(' ');

    const operations: Operation[] = [
      {
        name: 'households page (100) with village and members',
        query: `{ households(first: 100, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { id householdNumber status village { name } members { name relation birthDate } } } }`,
        variables: () => ({}),
        sql: `select h.id, h.household_number, h.status, json_build_object('name', v.name) as village,
                (select coalesce(json_agg(json_build_object('name', m.name, 'relation', m.relation, 'birth_date', m.birth_date) order by m.household_id, m.id), '[]')
                   from member m where m.household_id = h.id) as members
              from household h join village v on v.id = h.village_id order by h.household_number, h.id limit 100`,
      },
      {
        name: 'admin grid first block (200 households, every field, totalCount)',
        query: `query ($first: Int, $offset: Int) { list: households(first: $first, offset: $offset, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { totalCount nodes { ${gridSelection} } } }`,
        variables: () => ({ first: 200, offset: 0 }),
        sql: `select h.*, count(*) over () as total from household h order by h.household_number, h.id limit 200`,
      },
      {
        name: '20 villages × 10 households × members',
        query: `{ villages(first: 20) { nodes { name households(first: 10, orderBy: [{ field: HOUSEHOLD_NUMBER }]) { nodes { householdNumber members { name } } } } } }`,
        variables: () => ({}),
        sql: `select v.name, (select coalesce(json_agg(json_build_object('household_number', h.household_number, 'members',
                  (select coalesce(json_agg(json_build_object('name', m.name) order by m.household_id, m.id), '[]') from member m where m.household_id = h.id)) order by h.household_number, h.id), '[]')
                from (select * from household h where h.village_id = v.id order by h.household_number, h.id limit 10) h) as households
              from village v order by v.code, v.id limit 20`,
      },
      {
        name: 'node by id',
        query: `query ($id: ID!) { node(id: $id) { ... on Household { householdNumber status phone } } }`,
        variables: () => ({ id: gid('Household', ids[Math.floor(Math.random() * ids.length)]!) }),
        sql: `select household_number, status, phone from household where id = $1`,
        sqlParams: () => [ids[Math.floor(Math.random() * ids.length)]!],
      },
      {
        name: 'filtered, sorted page (township, POOR, by exit plan)',
        query: `query ($t: ID!) { households(first: 100, filter: { townshipId: $t, status: { eq: POOR } }, orderBy: [{ field: PLANNED_EXIT_YEAR }, { field: HOUSEHOLD_NUMBER }]) { totalCount nodes { householdNumber plannedExitYear } } }`,
        variables: () => ({ t: gid('Township', 1) }),
        sql: `select household_number, planned_exit_year, count(*) over () as total from household
              where village_id in (select id from village where township_id = 1) and status = 'POOR'
              order by planned_exit_year, household_number, id limit 100`,
      },
      {
        name: 'povertyOverview, county, 2015',
        query: `{ povertyOverview(year: 2015) { ruralPopulation poorPeople incidence exitedPeople villagesExited } }`,
        variables: () => ({}),
        // what the hub runs (analytics/overview.ts): the tally the database keeps, a few rows a village
        sql: `select (select coalesce(sum(rural_population), 0) from village) as rural_population,
                coalesce(sum(t.people) filter (where t.identification_year <= 2015 and t.status <> 'REMOVED'
                   and not (t.exit_year is not null and t.exit_year <= 2015 and (t.return_year is null or t.return_year > 2015))), 0) as poor_people,
                coalesce(sum(t.people) filter (where t.exit_year = 2015), 0) as exited_people,
                (select count(*) from village where is_poor_village and exit_year <= 2015) as villages_exited
              from household_tally t`,
        same: (data, rows) => {
          const o = data.povertyOverview as Record<string, number>;
          const r = rows[0]!;
          return (
            [o.ruralPopulation, o.poorPeople, o.exitedPeople, o.villagesExited].join() ===
            [r.rural_population, r.poor_people, r.exited_people, r.villages_exited].map(Number).join()
          );
        },
      },
      {
        // with several counties (issue 16) the overview above is the province's; this is one county's
        name: 'povertyOverview, one county (the first), 2015',
        query: `query ($c: ID!) { povertyOverview(year: 2015, divisionId: $c) { ruralPopulation poorPeople incidence exitedPeople villagesExited } }`,
        variables: () => ({ c: gid('County', 1) }),
        sql: null,
      },
      {
        name: 'grouped: households by township × status, with people',
        query: `{ householdsStats(groupBy: [TOWNSHIP, STATUS]) { township { name } status count people } }`,
        variables: () => ({}),
        // households and people grouped as the hub groups them: from the tally (graph/stats.ts statsTally)
        sql: `select tw.name, t.status, sum(t.households)::int as count, sum(t.people)::int as people
              from household_tally t join village v on v.id = t.village_id join township tw on tw.id = v.township_id
              group by tw.id, tw.name, t.status having sum(t.households) > 0 order by tw.id, t.status`,
        same: (data, rows) => {
          const key = (name: string, status: string, count: number, people: number) => `${name}|${status}|${count}|${people}`;
          const graph = (data.householdsStats as { township: { name: string }; status: string; count: number; people: number }[])
            .map((g) => key(g.township.name, g.status, g.count, Number(g.people)))
            .sort();
          const hand = rows.map((r) => key(String(r.name), String(r.status), Number(r.count), Number(r.people))).sort();
          return graph.join() === hand.join();
        },
      },
      {
        name: 'grouped: members by township × sex',
        query: `{ membersStats(groupBy: [TOWNSHIP, SEX]) { township { name } sex count } }`,
        variables: () => ({}),
        sql: `select v.township_id, m.sex, count(*) from member m join household h on h.id = m.household_id join village v on v.id = h.village_id group by 1, 2 order by 1, 2`,
      },
      {
        name: 'grouped: visits by helper unit × year',
        query: `{ visitLogsStats(groupBy: [HELPER_UNIT, YEAR]) { helperUnit { name } year count } }`,
        variables: () => ({}),
        sql: `select c.helper_unit_id, extract(year from l.visited_on)::int, count(*) from visit_log l
                join cadre_household_pairing p on p.id = l.cadre_household_pairing_id join cadre c on c.id = p.cadre_id group by 1, 2 order by 1, 2`,
      },
      {
        // a clerk's page counts only the township's members: compare `--as clerk` with an administrator's (issue 13)
        name: 'members page (100) with totalCount',
        query: `{ members(first: 100) { totalCount nodes { id name relation } } }`,
        variables: () => ({}),
        sql: `select m.id, m.name, m.relation, count(*) over () as total from member m order by m.id limit 100`,
      },
      // the other record types a clerk reaches through households, each page with its total (issue 13)
      {
        name: 'households page (100) with totalCount',
        query: `{ households(first: 100) { totalCount nodes { id householdNumber status } } }`,
        variables: () => ({}),
        sql: `select h.id, h.household_number, h.status, count(*) over () as total from household h order by h.household_number, h.id limit 100`,
      },
      {
        name: 'household incomes page (100) with totalCount',
        query: `{ householdIncomes(first: 100) { totalCount nodes { id year wages } } }`,
        variables: () => ({}),
        sql: `select i.id, i.year, i.wages, count(*) over () as total from household_income i order by i.year desc, i.id limit 100`,
      },
      {
        name: 'pairings page (100) with totalCount',
        query: `{ cadreHouseholdPairings(first: 100) { totalCount nodes { id startDate } } }`,
        variables: () => ({}),
        sql: `select p.id, p.start_date, count(*) over () as total from cadre_household_pairing p order by p.household_id, p.start_date desc, p.id limit 100`,
      },
      {
        name: 'visit logs page (100) with totalCount',
        query: `{ visitLogs(first: 100) { totalCount nodes { id visitedOn } } }`,
        variables: () => ({}),
        sql: `select l.id, l.visited_on, count(*) over () as total from visit_log l order by l.visited_on desc, l.id limit 100`,
      },
      {
        name: 'exit candidates 2016 (count, first 100)',
        query: `{ exitCandidates(year: 2016, first: 100) { totalCount nodes { householdNumber } } }`,
        variables: () => ({}),
        sql: null,
      },
      {
        name: 'exit candidates 2016, one township (count, first 100)',
        query: `query ($t: ID!) { exitCandidates(year: 2016, first: 100, filter: { townshipId: $t }) { totalCount nodes { householdNumber } } }`,
        variables: () => ({ t: gid('Township', 1) }),
        sql: null,
      },
      {
        name: 'exit reviews 2015, first 50 with per-criterion results',
        query: `{ exitReviews(year: 2015, first: 50) { totalCount nodes { householdNumber exitCheck(year: 2015) { met results { criterion { code } outcome value threshold } } } } }`,
        variables: () => ({}),
        sql: null,
      },
      {
        name: 'village exit reviews 2015 with results',
        query: `{ villageExitReviews(year: 2015) { totalCount nodes { name exitCheck(year: 2015) { results { outcome value } } } } }`,
        variables: () => ({}),
        sql: null,
      },
      {
        name: 'alerts (three counts), county',
        query: `{ alerts(asOf: "2016-10-31") { householdsWithoutCadre { totalCount } cadresWithoutVisits { totalCount } villagesBehindPlan { totalCount } } }`,
        variables: () => ({}),
        sql: null,
      },
      {
        name: PARTNER_PULL,
        query: `query ($since: String) { twinningChanges(since: $since, first: 100) { cursor hasMore changes {
          __typename ... on Node { id } ... on Member { version name } ... on VisitLog { version visitedOn content }
          ... on Household { version address } ... on DeletedRecord { id typename deletedAt } } } }`,
        variables: () => ({ since: partner.cursors[Math.floor(Math.random() * partner.cursors.length)] }),
        cookie: partner.cookie,
        // the same page by hand: the log range, then each record as JSON, no scope check
        sql: `with page as (select record_type, record_id from twinning_change where helper_unit_id = $1 and (xid, record_type, record_id) > ($2::xid8, $3, $4)
                and xid < ${READABLE_BELOW} order by xid, record_type, record_id limit 101)
              select p.record_type, p.record_id, coalesce(
                (select to_jsonb(m) from member m where p.record_type = 'Member' and m.id = p.record_id),
                (select to_jsonb(v) from visit_log v where p.record_type = 'VisitLog' and v.id = p.record_id),
                (select to_jsonb(h) from household h where p.record_type = 'Household' and h.id = p.record_id)) as record
              from page p`,
        sqlParams: () => partner.positions[Math.floor(Math.random() * partner.positions.length)]!,
      },
      {
        name: 'one update (household address)',
        query: `mutation ($id: ID!, $v: Int!, $a: String!) { updateHousehold(input: { id: $id, version: $v, patch: { address: $a } }) { household { version } } }`,
        variables: () => {
          // each request a different household, so concurrent updates never race on one version
          const id = gid('Household', ids[updates++ % ids.length]!);
          return { id, v: versions.get(id) ?? 1, a: `地址${Math.random()}` };
        },
        after: (variables, data) =>
          versions.set(
            variables.id as string,
            (data as { updateHousehold: { household: { version: number } } }).updateHousehold.household.version,
          ),
        sql: null,
      },
    ];

    const rows: string[] = [];
    for (const op of operations.filter((o) => selected(o.name))) {
      if (op.name === PARTNER_PULL && !partner.cursors.length) {
        rows.push(`| ${op.name} | no changes visible to pull (see above) | | | | |`);
        continue;
      }
      const run = async () => {
        const variables = op.variables();
        const { body } = await post(op.query, variables, op.cookie ?? cookie);
        op.after?.(variables, body.data!);
      };
      // statements per request, measured alone
      statements = 0;
      try {
        await run();
      } catch (error) {
        // a scoped reader may not run every operation (a clerk reads no county figures)
        if (!/FORBIDDEN/.test(String(error))) throw error;
        rows.push(`| ${op.name} | not allowed to ${USER} | | | | |`);
        continue;
      }
      const perRequest = statements;
      for (let i = 0; i < WARMUP; i++) await run();
      const graph = await timeLoad(run, REQUESTS, CONCURRENCY);
      let ratio = '—';
      let sqlMedian = '—';
      if (op.sql) {
        if (op.same) {
          const { body } = await post(op.query, op.variables(), op.cookie ?? cookie);
          const { rows: hand } = await client.query(op.sql, op.sqlParams?.() ?? []);
          if (!op.same(body.data!, hand))
            throw new Error(
              `${op.name}: the hand-written SQL does not give the graph's answer\n${JSON.stringify(body.data)}\n${JSON.stringify(hand)}`,
            );
        }
        const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
        const sqlRun = async () => {
          await pool.query(op.sql!, op.sqlParams?.() ?? []);
        };
        for (let i = 0; i < WARMUP; i++) await sqlRun();
        const hand = await timeLoad(sqlRun, REQUESTS, CONCURRENCY);
        await pool.end();
        sqlMedian = percentile(hand, 0.5).toFixed(2);
        ratio = (percentile(graph, 0.5) / percentile(hand, 0.5)).toFixed(2);
      }
      rows.push(
        `| ${op.name} | ${percentile(graph, 0.5).toFixed(2)} | ${percentile(graph, 0.95).toFixed(2)} | ${perRequest} | ${sqlMedian} | ${ratio} |`,
      );
      console.log(rows[rows.length - 1]);
    }
    console.log(
      `\nas ${USER}, households: ${summary.households}, members: ${summary.members}, concurrency ${CONCURRENCY}, ${REQUESTS} requests per operation, ${new Date().toISOString().slice(0, 10)}`,
    );
    console.log('| operation | GraphQL median ms | p95 ms | SQL statements / request | hand-written SQL median ms | ratio |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    await hub.stop();
  } finally {
    await client.end().catch(() => {});
    await database.close();
    if (!existing) await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

type Post = (
  query: string,
  variables: Record<string, unknown>,
  cookie?: string,
) => Promise<{ body: { data?: Record<string, unknown> }; response: Response }>;

/**
 * The demo partner's sync, ready to measure: its snapshot taken, then 2,000 changes of its unit (member and
 * visit-log edits, new and deleted visits, in 400 transactions over however many pairings the unit has: 24 in
 * the demo) and the cursor before every 100 of them.
 */
async function partnerPulls(client: pg.Client, post: Post, password: string) {
  const login = await post(`mutation ($p: String!) { login(username: "partner", password: $p) { user { id } } }`, { p: password });
  const cookie = login.response.headers.getSetCookie()[0]!.split(';')[0]!;
  const pull = async (since: string | null, first: number) =>
    (
      await post(
        `query ($since: String, $first: Int) { twinningChanges(since: $since, first: $first) { cursor hasMore changes { __typename } } }`,
        { since, first },
        cookie,
      )
    ).body.data!.twinningChanges as { cursor: string; hasMore: boolean; changes: unknown[] };
  let snapshot = { cursor: null as string | null, hasMore: true };
  while (snapshot.hasMore) snapshot = await pull(snapshot.cursor, 500);
  const unit = (await client.query<{ id: number }>(`select helper_unit_id as id from app_user where username = 'partner'`)).rows[0]!.id;
  const pairings = (
    await client.query<{ id: number; householdId: number }>(
      `select p.id, p.household_id as "householdId" from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = $1 order by p.id`,
      [unit],
    )
  ).rows;
  if (!pairings.length) throw new Error('the partner’s unit has no pairings: nothing to sync (is this a demo database?)');
  let last = '';
  for (let i = 0; i < 400; i++) {
    const p = pairings[i % pairings.length]!;
    await client.query('begin');
    await client.query(`update member set name = name where household_id = $1 and relation = 'HEAD'`, [p.householdId]);
    await client.query(
      `update visit_log set follow_ups = $1 where id = (select max(id) from visit_log where cadre_household_pairing_id = $2)`,
      [`回访 ${i}`, p.id],
    );
    await client.query(
      `insert into visit_log (cadre_household_pairing_id, visited_on, mode, content) values ($1, '2016-06-01', 'PHONE', '电话回访'), ($1, '2016-06-02', 'PHONE', '电话回访')`,
      [p.id],
    );
    await client.query(`delete from visit_log where id = (select max(id) from visit_log where cadre_household_pairing_id = $1)`, [p.id]);
    last = (await client.query<{ xid: string }>('select pg_current_xact_id()::text as xid')).rows[0]!.xid;
    await client.query('commit');
  }
  // A page shows only the changes of transactions older than every one of this database still open (so that
  // none is skipped; twinning/sync.ts READABLE_BELOW): wait, at most 5 minutes, for any open before ours to end.
  const visible = async () => (await client.query<{ ok: boolean }>(`select ${READABLE_BELOW} > $1::xid8 as ok`, [last])).rows[0]!.ok;
  for (let waited = 0; !(await visible()) && waited < 300; waited++) {
    if (waited === 5) console.log('partner sync: waiting (at most 5 minutes) for the transactions older than its changes to end…');
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (!(await visible())) {
    const { rows } = await client.query<{ who: string }>(
      `select format('pid %s (%s, %s, since %s)', pid, datname, state, xact_start) as who from pg_stat_activity
        where backend_xid is not null and datname = current_database() order by age(backend_xid) desc limit 1`,
    );
    console.log(`partner sync: the changes are not all visible yet, a transaction older than them is open: ${rows[0]?.who ?? '?'}`);
  }
  const cursors: string[] = [];
  let since = snapshot.cursor!;
  for (;;) {
    const page = await pull(since, 100);
    if (!page.hasMore) break;
    cursors.push(since);
    since = page.cursor;
  }
  // the same positions for the hand-written query: [unit, xid, type, id] as the cursor holds them
  const positions = cursors.map((c) => {
    const [, u, xid, type, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [
      string,
      number,
      string,
      string | number,
      number,
    ];
    return [u, xid, typeof type === 'string' ? type : '', id];
  });
  console.log(`partner sync: ${cursors.length} cursors, each followed by 100 changes`);
  return { cookie, cursors, positions };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
