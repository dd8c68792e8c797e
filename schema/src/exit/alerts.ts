/**
 * The alerts a county poverty office asks for (预警), as scoped connections with their counts: poor
 * households with no responsible cadre, cadres with no visit in the last N days, and poor villages behind
 * their planned exit year — each a list of ordinary records, filtered, sorted and paged like any list.
 */
import { sql, type SqlBool } from 'kysely';
import { builder } from '../builder';
import type { HubContext } from '../context';
import { HubGraphQLError } from '../errors';
import { requireViewer } from '../graph/access';
import { listArgs, listConnection, type ListArgs, type Resource } from '../graph/resource';
import { dayOfRecordOf } from '../analytics/graphql';
import { householdResource } from '../households/graphql';
import { villageResource } from '../divisions/graphql';
import { cadreResource } from '../twinning/graphql';
import { inDivisions } from './graphql';

interface Alerts {
  asOf: string;
  days: number;
}

/** A pairing in force on the day. */
const current = (p: string, asOf: string) =>
  sql`${sql.ref(`${p}.start_date`)} <= ${asOf}::date and (${sql.ref(`${p}.end_date`)} is null or ${sql.ref(`${p}.end_date`)} >= ${asOf}::date)`;

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
      and not exists (select 1 from cadre_household_pairing p where p.household_id = household.id and ${current('p', a.asOf)})`,
  },
  {
    name: 'cadresWithoutVisits',
    resource: cadreResource,
    description:
      '超期未走访的帮扶干部：有在结对的贫困户，但近 N 天（默认 180 天）无走访记录 / cadres with current pairings and no visit logged in the last N days (180 by default)',
    // only households the reader may see count, as for a cadre's household count
    condition: (a, ctx) => {
      const visible = householdResource.from(ctx).select('household.id');
      return sql<SqlBool>`exists (select 1 from cadre_household_pairing p where p.cadre_id = cadre.id and ${current('p', a.asOf)} and p.household_id in (${visible}))
        and not exists (select 1 from cadre_household_pairing p join visit_log v on v.cadre_household_pairing_id = p.id
          where p.cadre_id = cadre.id and p.household_id in (${visible}) and v.visited_on > ${a.asOf}::date - ${a.days}::int and v.visited_on <= ${a.asOf}::date)`;
    },
  },
  {
    name: 'villagesBehindPlan',
    resource: villageResource,
    description:
      '未按计划摘帽的贫困村：计划摘帽年度已过，至当年仍未摘帽 / poor villages whose planned exit year has passed and that have not exited',
    condition: (a) => sql<SqlBool>`village.is_poor_village and village.planned_exit_year < extract(year from ${a.asOf}::date)
      and (village.exit_year is null or village.exit_year > extract(year from ${a.asOf}::date))`,
  },
];

const AlertsRef = builder.objectRef<Alerts>('Alerts').implement({
  description:
    '预警：各项为可分页、可筛选的记录列表，totalCount 为条数 / alerts: each a list of records, filtered and paged, with its count',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (a) => a.asOf }),
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
        description: '以哪天为准（默认县的数据截至日）/ the day the alerts are for (the county’s day of record by default)',
      }),
      days: t.arg.int({ required: false, defaultValue: 180, description: '多少天无走访即预警 / days without a visit' }),
    },
    resolve: async (_root, { asOf, days }, ctx) => {
      requireViewer(ctx);
      if (days == null || days < 1 || days > 3650) {
        throw new HubGraphQLError('BAD_USER_INPUT', { zh: 'days 应在 1 到 3650 之间', en: 'days must be between 1 and 3650' }, ctx.locale, {
          fields: [{ field: 'days', message: '1–3650' }],
        });
      }
      return { asOf: (asOf as string | null | undefined) ?? (await dayOfRecordOf(ctx)).asOf, days };
    },
  }),
);
