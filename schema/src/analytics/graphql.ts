import DataLoader from 'dataloader';
import { sql } from 'kysely';
import { builder } from '../builder';
import { exposeInts } from '../graph/expose';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { enumFor } from '../graph/enums';
import { parseAnyId } from '../graph/ids';
import { resourceNamed } from '../graph/registry';
import { loaderFor } from '../graph/resource';
import { countyDays, dayOfRecord, viewerDays, type CountyDay, type DayOfRecord, type DayScope } from '../divisions/dayOfRecord';
import { TARGET_LEVELS, TARGET_SUBJECTS } from './codes';
import { povertyOverview, targetProgress, type DivisionScope, type PovertyOverview, type TargetProgressRow } from './overview';
// the area's record types, each in a file of its own, registered in this order
import './povertyLine';
import { targetResource } from './target';
import { publishedIndicatorResource } from './publishedIndicator';

// ── figures computed from the rows: the county's overview and the progress of its targets ────────────

/** A day of record with the counties it is of: the province view says which county is as of which day. */
type ScopedDay = DayOfRecord & { scope: DayScope };

/** The counties a figure covers (divisionOf's answer). */
function dayScopeOf(scope: DivisionScope): DayScope {
  if (scope.level === 'TOWNSHIP') return { townshipIds: [scope.id] };
  if (scope.level === 'VILLAGE') return { villageIds: [scope.id] };
  return { countyIds: scope.ids ?? [] };
}

/**
 * The day of record of the counties in scope (the viewer's by default: each county its own day, issue 16),
 * read once a request per scope however many figures ask for it.
 */
export function dayOfRecordOf(ctx: HubContext, scope: DayScope = viewerDays(requireViewer(ctx))): Promise<ScopedDay> {
  return loaderFor(
    ctx,
    'analytics.dayOfRecord',
    () =>
      new DataLoader<DayScope, ScopedDay, string>(
        (scopes) => Promise.all(scopes.map(async (within) => ({ ...(await dayOfRecord(ctx.db, within)), scope: within }))),
        { cacheKeyFn: (within) => JSON.stringify([within.countyIds ?? [], within.townshipIds ?? [], within.villageIds ?? []]) },
      ),
  ).load(scope);
}

const CountyDayRef = builder.objectRef<CountyDay>('CountyDayOfRecord').implement({
  description: '一个县的数据截至日 / one county’s day of record',
  fields: (t) => ({
    county: t.field({ type: resourceNamed('County').ref, nullable: true, resolve: (d) => d.countyId }),
    asOf: t.expose('asOf', {
      type: 'Date',
      description: '该县的数据截至日（未设定则为今天）/ the county’s day of record (today when it sets none)',
    }),
    configured: t.exposeBoolean('configured', { description: '该县设定了截至日 / the county set its day' }),
  }),
});

const DayOfRecordRef = builder.objectRef<ScopedDay>('DayOfRecord').implement({
  description: '数据截至日及记录覆盖的年度 / the day the county’s records are as of, and the years they cover',
  fields: (t) => ({
    asOf: t.expose('asOf', {
      type: 'Date',
      description:
        '数据截至日（县未设定则为今天；多个县时为其中最晚者，见 counties）/ the day of record (today when the county sets none; with several counties, the latest of their days: see counties)',
    }),
    configured: t.exposeBoolean('configured', {
      description:
        '县设定了截至日（按某日的报告载入；多个县时须每县都设定）/ the county set the day (records loaded as of a report; with several counties, every one did)',
    }),
    firstYear: t.exposeInt('firstYear', { nullable: true, description: '记录的最早年度（识别年度）/ the first year of the records' }),
    latestYear: t.exposeInt('latestYear', {
      nullable: true,
      description: '有数据的最近年度（不晚于截至日）/ the latest year with figures, not after the day of record',
    }),
    counties: t.field({
      type: [CountyDayRef],
      description: '所涉各县各自的数据截至日 / each county’s own day of record, of the counties in view',
      resolve: (d, _args, ctx) => countyDays(ctx.db, d.scope),
    }),
  }),
});

/** A county's published figures of a year, of the counties a figure covers (a township's or village's: its county). */
async function publishedOf(ctx: HubContext, year: number, scope: DivisionScope): Promise<number[]> {
  const counties =
    scope.level === 'COUNTY'
      ? scope.ids === null
        ? sql`select id from county`
        : sql`select unnest(${scope.ids}::int[])`
      : scope.level === 'TOWNSHIP'
        ? sql`select county_id from township where id = ${scope.id}`
        : sql`select t.county_id from village v join township t on t.id = v.township_id where v.id = ${scope.id}`;
  const { rows } = await sql<{ id: number }>`select id from published_indicator
    where year = ${year} and county_id in (${counties}) order by county_id, indicator`.execute(ctx.db);
  return rows.map((r) => r.id);
}

const PovertyOverviewRef = builder.objectRef<PovertyOverview & { asOf: string; scope: DivisionScope }>('PovertyOverview').implement({
  description: '某年末的贫困状况，由记录实时算出 / a year’s poverty figures, computed from the records',
  fields: (t) => ({
    year: t.exposeInt('year'),
    asOf: t.expose('asOf', {
      type: 'Date',
      description:
        '数据截至日（所涉县的；多个县时为其中最晚者）：当年未结束时，年末数为截至该日的记录 / the day of record (of the counties covered; with several, the latest of their days): for a year not yet over, its figures are the records as of that day',
    }),
    ...exposeInts(t, {
      ruralPopulation: '农村户籍人口 / rural registered population',
      poorPeople: '年末贫困人口 / people registered poor at the year’s end',
      poorHouseholds: '年末贫困户 / households registered poor at the year’s end',
    }),
    incidence: t.float({
      nullable: true,
      description: '贫困发生率（%，保留一位小数）/ poverty incidence, percent, one decimal',
      resolve: (o) => o.incidence,
    }),
    ...exposeInts(t, {
      exitedPeople: '当年脱贫人口 / people who exited during the year',
      exitedHouseholds: '当年脱贫户 / households that exited during the year',
      villagesExited: '累计脱贫摘帽贫困村 / poor villages exited by the year’s end',
      villagesPlanned: '计划当年摘帽的贫困村 / poor villages planned to exit that year',
    }),
    publishedIndicators: t.field({
      type: [publishedIndicatorResource.ref],
      description:
        '所涉县（乡镇、村所在的县）当年公布的指标，供与记录算出的数比对 / the year’s published indicators of the counties covered (a township’s or village’s county), to compare the figures with',
      resolve: (o, _args, ctx) => publishedOf(ctx, o.year, o.scope),
    }),
  }),
});

const TargetProgressRef = builder.objectRef<TargetProgressRow>('TargetProgress').implement({
  description: '目标任务及其完成进度 / a target and its progress, computed from the records',
  fields: (t) => ({
    target: t.field({ type: targetResource.ref, nullable: true, resolve: (row) => row.targetId }),
    county: t.field({ type: resourceNamed('County').ref, nullable: true, resolve: (row) => row.countyId }),
    year: t.exposeInt('year'),
    level: t.field({ type: enumFor('TargetLevel', TARGET_LEVELS), resolve: (row) => row.level }),
    township: t.field({ type: resourceNamed('Township').ref, nullable: true, resolve: (row) => row.townshipId }),
    village: t.field({ type: resourceNamed('Village').ref, nullable: true, resolve: (row) => row.villageId }),
    subject: t.field({ type: enumFor('TargetSubject', TARGET_SUBJECTS), resolve: (row) => row.subject }),
    goal: t.exposeInt('goal'),
    progress: t.exposeInt('progress'),
    dueDate: t.expose('dueDate', { type: 'Date' }),
    description: t.exposeString('description'),
  }),
});

/** A year asked for a figure: within the years the records hold. */
export function requireYear(ctx: HubContext, year: number): void {
  if (year < 2000 || year > 2100)
    throw new HubGraphQLError(
      'BAD_USER_INPUT',
      { zh: '年度应在 2000 到 2100 之间', en: 'year must be between 2000 and 2100' },
      ctx.locale,
      { fields: [{ field: 'year', message: '2000–2100' }] },
    );
}

/**
 * The division a figure is asked for, within what the viewer may see: clerks only their own, a county's
 * administrator or analyst her counties (without a division, all of them together), partners none.
 */
async function divisionOf(ctx: HubContext, divisionId: string | null | undefined): Promise<DivisionScope> {
  const viewer = requireViewer(ctx);
  if (viewer.role === 'PARTNER')
    throw new HubGraphQLError('FORBIDDEN', { zh: '帮扶单位不能查询全县统计', en: 'Partner units do not read county figures' }, ctx.locale);
  const parsed = divisionId ? parseAnyId(divisionId) : null;
  if (divisionId && (!parsed || !['County', 'Township', 'Village'].includes(parsed.type))) {
    throw new HubGraphQLError(
      'BAD_USER_INPUT',
      { zh: 'divisionId 应为县、乡镇或行政村的标识', en: 'divisionId must be the ID of a county, a township or a village' },
      ctx.locale,
      {
        fields: [{ field: 'divisionId', message: 'not a division' }],
      },
    );
  }
  const scope: DivisionScope = !parsed
    ? { level: 'COUNTY', ids: viewer.countyIds.length ? viewer.countyIds : null }
    : parsed.type === 'County'
      ? { level: 'COUNTY', ids: [parsed.id] }
      : { level: parsed.type === 'Township' ? 'TOWNSHIP' : 'VILLAGE', id: parsed.id };
  const refuse = () => {
    throw new HubGraphQLError(
      'FORBIDDEN',
      { zh: '只能查询本人管辖范围内的统计', en: 'You may only read the figures of your own divisions' },
      ctx.locale,
    );
  };
  if (viewer.role === 'CLERK') {
    const villageTownship =
      scope.level === 'VILLAGE'
        ? (await ctx.db.selectFrom('village').select('townshipId').where('id', '=', scope.id).executeTakeFirst())?.townshipId
        : undefined;
    const allowed =
      (scope.level === 'TOWNSHIP' && viewer.townshipIds.includes(scope.id)) ||
      (scope.level === 'VILLAGE' &&
        (viewer.villageIds.includes(scope.id) || (villageTownship !== undefined && viewer.townshipIds.includes(villageTownship))));
    if (!allowed) refuse();
  } else if (viewer.countyIds.length) {
    const county =
      scope.level === 'COUNTY'
        ? (scope.ids ?? [])
        : (
            await ctx.db
              .selectFrom('township')
              .select('township.countyId')
              .where(
                'township.id',
                '=',
                scope.level === 'TOWNSHIP' ? scope.id : sql<number>`(select township_id from village where id = ${scope.id})`,
              )
              .execute()
          ).map((row) => row.countyId);
    if (!county.length || county.some((id) => !viewer.countyIds.includes(id))) refuse();
  }
  return scope;
}

builder.queryFields((t) => ({
  dayOfRecord: t.field({
    type: DayOfRecordRef,
    description:
      '本人所辖各县的数据截至日及有数据的年度 / the day of record of the viewer’s counties (each county’s in counties) and the years with figures',
    resolve: (_root, _args, ctx) => {
      requireViewer(ctx);
      return dayOfRecordOf(ctx);
    },
  }),
  povertyOverview: t.field({
    type: PovertyOverviewRef,
    description: '某年末全县（或某乡镇、某村）的贫困状况 / the county’s (or a township’s or village’s) figures at a year’s end',
    args: { year: t.arg.int({ required: true }), divisionId: t.arg.id({ required: false }) },
    resolve: async (_root, { year, divisionId }, ctx) => {
      requireYear(ctx, year);
      const scope = await divisionOf(ctx, divisionId ? String(divisionId) : null);
      // the figures of a county are as of its own day; of a province, as of the latest county's
      const figures = await povertyOverview(ctx.db, year, scope);
      return { ...figures, scope, asOf: (await dayOfRecordOf(ctx, dayScopeOf(scope))).asOf };
    },
  }),
  targetProgress: t.field({
    type: [TargetProgressRef],
    description:
      '某年的目标任务及完成进度（各县的目标按本县的记录计；countyId：只看该县）/ the year’s targets with their progress (each county’s counted on its own records; countyId: that county’s only)',
    args: { year: t.arg.int({ required: true }), countyId: t.arg.id({ required: false }) },
    resolve: async (_root, { year, countyId }, ctx) => {
      const viewer = requireViewer(ctx);
      if (viewer.role === 'PARTNER')
        throw new HubGraphQLError(
          'FORBIDDEN',
          { zh: '帮扶单位不能查询全县目标', en: 'Partner units do not read county targets' },
          ctx.locale,
        );
      const county = countyId ? await divisionOf(ctx, String(countyId)) : null;
      if (county && county.level !== 'COUNTY')
        throw new HubGraphQLError(
          'BAD_USER_INPUT',
          { zh: 'countyId 应为县的标识', en: 'countyId must be the ID of a county' },
          ctx.locale,
          {
            fields: [{ field: 'countyId', message: 'not a county' }],
          },
        );
      // a county's administrator or analyst follows her counties' targets, county-level ones included (issue 16)
      const counties =
        county?.level === 'COUNTY' ? county.ids : viewer.role !== 'CLERK' && viewer.countyIds.length ? viewer.countyIds : null;
      const rows = await targetProgress(ctx.db, year, counties);
      if (viewer.role !== 'CLERK') return rows;
      // a clerk follows her own divisions' targets: the county's progress would tell of other townships
      const villageTownships = new Map(
        (await ctx.db.selectFrom('village').select(['id', 'townshipId']).execute()).map((v) => [v.id, v.townshipId]),
      );
      return rows.filter(
        (row) =>
          (row.level === 'TOWNSHIP' && viewer.townshipIds.includes(row.townshipId!)) ||
          (row.level === 'VILLAGE' &&
            (viewer.villageIds.includes(row.villageId!) || viewer.townshipIds.includes(villageTownships.get(row.villageId!)!))),
      );
    },
  }),
}));
