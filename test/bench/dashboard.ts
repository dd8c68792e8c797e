/**
 * `tsx test/bench/dashboard.ts --url http://localhost:4000 [--user admin] [--runs 10]`: times the dashboard's
 * GraphQL requests against a running hub, with the very documents the cards send
 * (admin/src/dashboard/queries.ts): each request on its own (median of the runs, after one warm-up), and the
 * whole dashboard as the browser asks for it (the scope first, then every card at once, the per-division
 * figures after their division list). Works against either database: start the hub on PGlite (`pnpm start`)
 * or on PostgreSQL (`DATABASE_URL=… pnpm hub serve`). The password is HUB_DEMO_PASSWORD or the demo's.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  ALIASES_PER_REQUEST,
  CODE_LABELS,
  CODE_TABLES,
  DAY_OF_RECORD,
  FUNDS,
  PARTNER_TWINNING,
  PROJECTS_BY_STATUS,
  RECENT_CHANGES,
  SCOPE,
  TARGETS,
  TOWNSHIPS,
  VILLAGES,
  VILLAGE_BATCHES,
  overviewsDocument,
  recordPeriod,
  villageFilter,
  type AreaRef,
  type RecordPeriod,
} from '../../admin/src/dashboard/queries';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    user: { type: 'string', default: 'admin' },
    runs: { type: 'string', default: '10' },
  },
  strict: true,
});
const RUNS = Number(values.runs);

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of many shapes

async function signIn(): Promise<string> {
  const response = await fetch(`${values.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({
      query: 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } } }',
      variables: { u: values.user, p: process.env.HUB_DEMO_PASSWORD ?? 'lingyun-demo' },
    }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('hub_session='));
  if (!cookie) throw new Error(`sign-in as ${values.user} failed: ${await response.text()}`);
  return cookie.split(';')[0]!;
}

const cookie = await signIn();

async function graphql(query: string, variables?: Record<string, unknown>): Promise<Data> {
  const response = await fetch(`${values.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

interface Request {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** The per-division figures of one year, in as many aliased requests as the alias limit needs. */
function overviewRequests(name: string, ids: (string | null)[], years: readonly number[]): Request[] {
  const perRequest = Math.floor(ALIASES_PER_REQUEST / years.length);
  const requests: Request[] = [];
  for (let start = 0; start < ids.length; start += perRequest) {
    const chunk = ids.slice(start, start + perRequest);
    requests.push({
      name: `${name} (${chunk.length} divisions × ${years.length} years)`,
      query: overviewsDocument(name, chunk.length, years),
      variables: Object.fromEntries(chunk.map((id, i) => [`d${i}`, id])),
    });
  }
  return requests;
}

/** What the dashboard asks after it knows the scope: the first wave, and the division list the second wave waits on. */
function requestsFor(me: Data, period: RecordPeriod): { first: Request[]; divisions: Request | null; second: (list: Data) => Request[] } {
  const common = [
    { name: 'code labels', query: CODE_LABELS, variables: { names: CODE_TABLES } },
    { name: 'recent changes', query: RECENT_CHANGES, variables: { first: 10 } },
  ];
  if (me.role === 'PARTNER')
    return { first: [...common, { name: 'partner twinning', query: PARTNER_TWINNING }], divisions: null, second: () => [] };
  const areas: AreaRef[] =
    me.role === 'CLERK'
      ? [
          ...me.townships.map((t: Data) => ({ id: t.id, kind: 'township' })),
          ...me.villages.map((v: Data) => ({ id: v.id, kind: 'village' })),
        ]
      : [{ id: null, kind: 'county' }];
  const county = me.role !== 'CLERK';
  return {
    first: [
      ...common,
      ...overviewRequests(
        'IncidenceByYear',
        areas.map((a) => a.id),
        period.years,
      ),
      { name: 'target progress', query: TARGETS, variables: { year: period.targetYear } },
      { name: 'village batches', query: VILLAGE_BATCHES, variables: { filter: villageFilter(areas) ?? {} } },
      { name: 'funds by level and category', query: FUNDS },
      { name: 'projects by status', query: PROJECTS_BY_STATUS },
    ],
    divisions: county
      ? { name: 'townships', query: TOWNSHIPS }
      : { name: 'villages', query: VILLAGES, variables: { filter: villageFilter(areas) } },
    second: (list) =>
      overviewRequests(
        'IncidenceByDivision',
        (list.list.nodes as Data[]).map((n) => n.id as string),
        [period.yearEnd],
      ),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const [{ me }, { dayOfRecord }] = await Promise.all([graphql(SCOPE), graphql(DAY_OF_RECORD)]);
const plan = requestsFor(me, recordPeriod(dayOfRecord));
const list = plan.divisions ? await graphql(plan.divisions.query, plan.divisions.variables) : null;
const all = [
  { name: 'scope', query: SCOPE },
  { name: 'day of record', query: DAY_OF_RECORD },
  ...plan.first,
  ...(plan.divisions ? [plan.divisions] : []),
  ...(list ? plan.second(list) : []),
];

console.log(`${values.url} as ${values.user} (${me.role}), ${RUNS} runs after a warm-up, median ms`);
for (const request of all) {
  await graphql(request.query, request.variables);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await time(() => graphql(request.query, request.variables)));
  console.log(`  ${request.name.padEnd(52)} ${median(times).toFixed(1).padStart(8)}`);
}

// the whole dashboard as the browser asks for it
const whole: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const ms = await time(async () => {
    const [scope, day] = await Promise.all([graphql(SCOPE), graphql(DAY_OF_RECORD)]);
    const next = requestsFor(scope.me as Data, recordPeriod(day.dayOfRecord));
    await Promise.all([
      ...next.first.map((r) => graphql(r.query, r.variables)),
      next.divisions
        ? graphql(next.divisions.query, next.divisions.variables).then((l) =>
            Promise.all(next.second(l).map((r) => graphql(r.query, r.variables))),
          )
        : null,
    ]);
  });
  if (i > 0) whole.push(ms);
}
console.log(`  ${'the whole dashboard (scope and day, then all cards)'.padEnd(52)} ${median(whole).toFixed(1).padStart(8)}`);
