/**
 * The alerts a county poverty office asks for (预警), as scoped connections with their counts: poor
 * households with no responsible cadre, cadres with no visit in the last N days, and poor villages behind
 * their planned exit year — each a list of ordinary records, filtered, sorted and paged like any list.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { listArgs, listConnection, type ListArgs, type Resource } from '../graph/resource';
import { countyDays, latestDay, viewerDays, type CountyDay } from '../divisions/dayOfRecord';
import { householdResource } from '../households/household';
import { villageResource } from '../divisions/village';
import { cadreResource } from '../twinning/cadre';
import { inDivisions } from './graphql';

interface Alerts {
  /** the day asked for, or the latest of the counties' days in view */
  asOf: string;
  days: number;
  /** the counties' own days when they differ and no day was asked for: each record on its county's (issue 16) */
  countyDays: CountyDay[] | null;
}

/**
 * The day a record in `village` is judged on: the one day, or its county's own day of record, looked up in the
 * statement itself from the counties' days (a VALUES list of a row a county), so alerts of counties of
 * different days are still one statement, not one a county.
 */
function dayIn(a: Alerts, village: RawBuilder<unknown>): RawBuilder<unknown> {
  if (!a.countyDays) return sql`${a.asOf}::date`;
  const days = sql.join(a.countyDays.map((d) => sql`(${d.countyId}::int, ${d.asOf}::date)`));
  return sql`(select d.day from village dv join township dt on dt.id = dv.township_id
    join (values ${days}) as d(county_id, day) on d.county_id = dt.county_id where dv.id = ${village})`;
}

/** A pairing in force on the day. */
const current = (p: string, day: RawBuilder<unknown>) =>
  sql`${sql.ref(`${p}.start_date`)} <= ${day} and (${sql.ref(`${p}.end_date`)} is null or ${sql.ref(`${p}.end_date`)} >= ${day})`;

const ALERT_LISTS: {
  name: string;
  resource: Resource;
  description: string;
  condition: (a: Alerts, ctx: HubContext) => ReturnType<typeof sql<SqlBool>>;
}[] = [
  {
    name: 'householdsWithoutCadre',
    resource: householdResource,
    description:
      '无结对帮扶干部的贫困户（未脱贫或返贫，当日无在结对的干部）/ poor or returned households with no cadre paired with them on the day',
    condition: (a) => sql<SqlBool>`household.status in ('POOR', 'RETURNED')
      and not exists (select 1 from cadre_household_pairing p where p.household_id = household.id
        and ${current('p', dayIn(a, sql`household.village_id`))})`,
  },
  {
    name: 'cadresWithoutVisits',
    resource: cadreResource,
    description:
      '超期未走访的帮扶干部：有在结对的贫困户，但近 N 天（默认 180 天）无走访记录 / cadres with current pairings and no visit logged in the last N days (180 by default)',
    // only households the reader may see count, as for a cadre's household count
    condition: (a, ctx) => {
      const visible = householdResource.from(ctx).select('household.id');
      // a cadre's pairings may lie in several counties: each pairing on its household's county's day
      const day = dayIn(a, sql`p.village_id`);
      return sql<SqlBool>`exists (select 1 from cadre_household_pairing p where p.cadre_id = cadre.id and ${current('p', day)} and p.household_id in (${visible}))
        and not exists (select 1 from cadre_household_pairing p join visit_log v on v.cadre_household_pairing_id = p.id
          where p.cadre_id = cadre.id and p.household_id in (${visible}) and v.visited_on > ${day} - ${a.days}::int and v.visited_on <= ${day})`;
    },
  },
  {
    name: 'villagesBehindPlan',
    resource: villageResource,
    description:
      '未按计划摘帽的贫困村：计划摘帽年度已过，至当年仍未摘帽 / poor villages whose planned exit year has passed and that have not exited',
    condition: (a) => {
      const year = sql`extract(year from ${dayIn(a, sql`village.id`)})`;
      return sql<SqlBool>`village.is_poor_village and village.planned_exit_year < ${year}
      and (village.exit_year is null or village.exit_year > ${year})`;
    },
  },
];

const AlertsRef = builder.objectRef<Alerts>('Alerts').implement({
  description:
    '预警：各项为可分页、可筛选的记录列表，totalCount 为条数 / alerts: each a list of records, filtered and paged, with its count',
  fields: (t) => ({
    asOf: t.expose('asOf', {
      type: 'Date',
      description:
        '预警所依的日期：所给日期，否则为所涉各县数据截至日中最晚者（各条记录按其所在县的截至日判断）/ the day asked for; else the latest of the counties’ days of record in view (each record is judged on its own county’s day)',
    }),
    days: t.exposeInt('days', { description: '未走访预警的天数 / the days without a visit that raise an alert' }),
    ...Object.fromEntries(
      ALERT_LISTS.map((list) => [
        list.name,
        t.field({
          type: list.resource.connectionRef,
          description: list.description,
          args: listArgs(t, list.resource),
          // village figures are public, but the alert is a clerk's work list: her own divisions only
          resolve: async (alerts, args, ctx, info) =>
            await listConnection(list.resource, inDivisions(ctx), args as ListArgs, info, () => list.condition(alerts, ctx)),
        }),
      ]),
    ),
  }),
});

builder.queryField('alerts', (t) =>
  t.field({
    type: AlertsRef,
    description:
      '县扶贫办预警：无帮扶干部的贫困户、超期未走访的干部、未按计划摘帽的村 / alerts: poor households with no cadre, cadres with no recent visit, villages behind plan',
    args: {
      asOf: t.arg({
        type: 'Date',
        required: false,
        description:
          '以哪天为准（默认各条记录所在县的数据截至日）/ the day the alerts are for (by default each record’s county’s own day of record)',
      }),
      days: t.arg.int({ required: false, defaultValue: 180, description: '多少天无走访即预警 / days without a visit' }),
    },
    resolve: async (_root, { asOf, days }, ctx): Promise<Alerts> => {
      const viewer = requireViewer(ctx);
      if (days == null || days < 1 || days > 3650) {
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: 'days 应在 1 到 3650 之间', en: 'days must be between 1 and 3650' }, ctx.locale, {
          fields: [{ field: 'days', message: '1–3650' }],
        });
      }
      if (asOf) return { asOf: asOf as string, days, countyDays: null };
      const counties = await countyDays(ctx.db, viewerDays(viewer));
      const differ = new Set(counties.map((d) => d.asOf)).size > 1;
      return { asOf: latestDay(counties).asOf, days, countyDays: differ ? counties : null };
    },
  }),
);
