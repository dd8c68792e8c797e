/**
 * Exit checks in the graph: the criteria sets and criteria as editable records (administrators; audited by
 * the one write path), each household's and village's results for a year, the exit candidates (still poor,
 * meeting every criterion) and the exits to review (exited that year, failing one), as scoped connections.
 */
import DataLoader from 'dataloader';
import { expressionBuilder, sql, type SqlBool } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import type { AnyTables } from '../db/database';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { enumFor } from '../graph/enums';
import { recordId } from '../graph/recordShape';
import { listArgs, listConnection, loaderFor, type Resource } from '../graph/resource';
import { policy, readAs } from '../graph/scope';
import { compileFilter } from '../graph/filters';
import { householdResource } from '../households/household';
import { villageResource } from '../divisions/village';
import { requireYear } from '../analytics/graphql';
import { BOOLEAN_MEASURES, EXIT_OUTCOMES, type ExitLevel } from './codes';
import { criteriaSetFor, resultsFor, subjectsWhere, type CriterionResult, type CriterionRule } from './evaluate';
// the area's record types, each in a file of its own, registered in this order
import { exitCriteriaSetResource } from './exitCriteriaSet';
import { exitCriterionResource } from './exitCriterion';

// ── results ─────────────────────────────────────────────────────────────────────────────────────────

interface ExitCheck {
  year: number;
  criteriaSetId: number;
  results: (CriterionResult & { yesNo: boolean })[];
}

const ExitOutcomeRef = enumFor('ExitOutcome', EXIT_OUTCOMES);

const shown = (value: string | null, yesNo: boolean) => (value === null ? null : yesNo ? String(Number(value) === 1) : value);

const ExitCriterionResultRef = builder.objectRef<ExitCheck['results'][number]>('ExitCriterionResult').implement({
  description: '一项指标的判定结果 / the result of one criterion',
  fields: (t) => ({
    criterion: t.field({ type: exitCriterionResource.ref, resolve: (r) => r.criterionId }),
    outcome: t.field({ type: ExitOutcomeRef, resolve: (r) => r.outcome }),
    value: t.string({
      nullable: true,
      description: '实际值（是否类为 true/false）/ the value compared (true/false for yes/no measures)',
      resolve: (r) => shown(r.value, r.yesNo),
    }),
    threshold: t.string({
      nullable: true,
      description: '比较的阈值（含当年扶贫标准）/ what it was compared with (the poverty line included)',
      resolve: (r) => shown(r.threshold, r.yesNo),
    }),
  }),
});

const ExitCheckRef = builder.objectRef<ExitCheck>('ExitCheck').implement({
  description: '某年按脱贫标准逐项判定的结果 / a year’s exit check, criterion by criterion',
  fields: (t) => ({
    year: t.exposeInt('year'),
    criteriaSet: t.field({ type: exitCriteriaSetResource.ref, resolve: (c) => c.criteriaSetId }),
    met: t.boolean({
      description:
        '有数据可判的指标全部达标（人工核验项不计）/ every criterion the records can decide is met (those checked by hand aside)',
      resolve: (c) => c.results.every((r) => r.outcome === 'PASS' || r.outcome === 'MANUAL'),
    }),
    results: t.field({ type: [ExitCriterionResultRef], resolve: (c) => c.results }),
  }),
});

interface SetInForce {
  setId: number;
  /** the criteria of yes/no measures, whose values read true/false */
  yesNo: Set<number>;
  /** its criteria's rules, which lists compile into their condition */
  rules: CriterionRule[];
}

/** The set in force for a level and year, looked up once a request however many records ask; or a clear error. */
async function setFor(ctx: HubContext, level: ExitLevel, year: number): Promise<SetInForce> {
  requireYear(ctx, year);
  const loader = loaderFor(
    ctx,
    'exit.setInForce',
    () =>
      new DataLoader<string, SetInForce | null>((keys) =>
        Promise.all(
          keys.map(async (key) => {
            const [keyLevel, keyYear] = key.split(':') as [ExitLevel, string];
            const setId = await criteriaSetFor(ctx.db, keyLevel, Number(keyYear));
            if (setId === null) return null;
            const rows = await ctx.db
              .selectFrom('exitCriterion')
              .select(['id', 'measure', 'operator', 'threshold', 'thresholdSource'])
              .where('criteriaSetId', '=', setId)
              .execute();
            return {
              setId,
              yesNo: new Set(rows.filter((r) => r.measure && BOOLEAN_MEASURES.has(r.measure)).map((r) => r.id)),
              rules: rows,
            };
          }),
        ),
      ),
  );
  const found = await loader.load(`${level}:${year}`);
  if (found === null) {
    const what = level === 'HOUSEHOLD' ? { zh: '贫困户', en: 'household' } : { zh: '贫困村', en: 'village' };
    throw new HubGraphQLError(
      'BAD_USER_INPUT',
      { zh: `没有适用于 ${year} 年的${what.zh}脱贫标准`, en: `No ${what.en} exit criteria set is in force for ${year}` },
      ctx.locale,
      {
        fields: [{ field: 'year', message: 'no criteria set' }],
      },
    );
  }
  return found;
}

/** Partners do not read the county's exit checks (they are the county's assessment, security.md). */
function refusePartners(ctx: HubContext): void {
  if (requireViewer(ctx).role === 'PARTNER')
    throw new HubGraphQLError('FORBIDDEN', { zh: '帮扶单位不能查询脱贫核查', en: 'Partner units do not read exit checks' }, ctx.locale);
}

/**
 * Exit checks are read within the viewer's divisions even where the type is public: village figures come
 * from households, so a clerk checks only her own villages.
 */
export function inDivisions(ctx: HubContext): HubContext {
  return readAs(ctx, 'divisions');
}

function exitCheckField(resource: Resource, level: ExitLevel) {
  builder.objectField(resource.ref, 'exitCheck', (t) =>
    t.field({
      type: ExitCheckRef,
      nullable: true,
      description: '某年按脱贫标准逐项判定 / the year’s exit check, criterion by criterion',
      args: { year: t.arg.int({ required: true }) },
      resolve: async (row, { year }, ctx) => {
        refusePartners(ctx);
        const { setId, yesNo } = await setFor(ctx, level, year);
        const loader = loaderFor(
          ctx,
          `${level}.exitCheck:${year}`,
          () =>
            new DataLoader<number, ExitCheck | null>(async (ids) => {
              // only subjects inside the viewer's divisions are evaluated; the rest read as no result
              const visible = await resource
                .from(inDivisions(ctx))
                .select(sql.ref<number>(`${resource.config.table}.id`).as('id'))
                .where(sql.ref(`${resource.config.table}.id`), 'in', ids as number[])
                .execute();
              const results = await resultsFor(
                ctx.db,
                level,
                setId,
                year,
                visible.map((v) => v.id),
              );
              return ids.map((id) => {
                const list = results.get(id);
                return list ? { year, criteriaSetId: setId, results: list.map((r) => ({ ...r, yesNo: yesNo.has(r.criterionId) })) } : null;
              });
            }),
        );
        return loader.load(recordId(row));
      },
    }),
  );
}

exitCheckField(householdResource, 'HOUSEHOLD');
exitCheckField(villageResource, 'VILLAGE');

// ── candidates and reviews ──────────────────────────────────────────────────────────────────────────

interface ExitList {
  name: string;
  resource: Resource;
  level: ExitLevel;
  met: boolean;
  description: string;
  /** who is in the list before the check: POOR households, households that exited in the year… */
  who: (year: number) => ReturnType<typeof sql<SqlBool>>;
}

const EXIT_LISTS: ExitList[] = [
  {
    name: 'exitCandidates',
    resource: householdResource,
    level: 'HOUSEHOLD',
    met: true,
    description: '可脱贫户：仍为未脱贫、当年各项指标均达标 / households still POOR that meet every criterion in the year',
    who: (year) => sql<SqlBool>`household.status = 'POOR' and household.identification_year <= ${year}`,
  },
  {
    name: 'exitReviews',
    resource: householdResource,
    level: 'HOUSEHOLD',
    met: false,
    description:
      '需复核的脱贫户：当年标为已脱贫、但有指标未达标或无数据 / households marked EXITED in the year that fail a criterion or lack its data',
    who: (year) => sql<SqlBool>`household.status = 'EXITED' and household.exit_year = ${year}`,
  },
  {
    name: 'villageExitCandidates',
    resource: villageResource,
    level: 'VILLAGE',
    met: true,
    description:
      '可摘帽贫困村：当年未摘帽、各项可判指标均达标 / poor villages not exited by the year that meet every criterion the records can decide',
    who: (year) => sql<SqlBool>`village.is_poor_village and (village.exit_year is null or village.exit_year > ${year})`,
  },
  {
    name: 'villageExitReviews',
    resource: villageResource,
    level: 'VILLAGE',
    met: false,
    description:
      '需复核的摘帽村：当年摘帽、但有指标未达标或无数据 / poor villages that exited in the year failing a criterion or lacking its data',
    who: (year) => sql<SqlBool>`village.is_poor_village and village.exit_year = ${year}`,
  },
];

for (const list of EXIT_LISTS) {
  const { resource, level, met, who } = list;
  const table = resource.config.table;
  builder.queryField(list.name, (t) =>
    t.field({
      type: resource.connectionRef,
      description: list.description,
      args: { year: t.arg.int({ required: true }), ...listArgs(t, resource) },
      resolve: async (_root, args, ctx, info) => {
        refusePartners(ctx);
        const { year } = args;
        const { rules } = await setFor(ctx, level, year);
        const mine = inDivisions(ctx);
        // the subjects evaluated: those the list may show (policy, filter), so a township's list costs a township;
        // as a condition on the table's own rows, which the planner reads by its indexes
        const eb = expressionBuilder<AnyTables, string>();
        const subjects = eb.and([
          policy(mine, resource.config).rows(eb),
          compileFilter(eb, resource.filterSpec, args.filter, mine),
          who(year),
        ]);
        // evaluated once: the page and its totalCount read the ids, rather than each evaluating the criteria
        const { rows } = await sql<{ id: number }>`${subjectsWhere(level, rules, year, sql`${subjects}`, met)}`.execute(ctx.db);
        const listed = rows.map((row) => row.id);
        const page = await listConnection(
          resource,
          mine,
          args,
          info,
          () => sql<SqlBool>`(${who(year)}) and ${sql.ref(`${table}.id`)} = any(${listed}::int[])`,
        );
        return page;
      },
    }),
  );
}
