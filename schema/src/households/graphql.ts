import DataLoader from 'dataloader';
import { sql, type SqlBool } from 'kysely';
import { writeAudit } from '../access/audit';
import { builder } from '../builder';
import { villageResource } from '../divisions/graphql';
import { requireViewer } from '../graph/access';
import { escapeLike, type FilterContext, type TextSearch } from '../graph/filters';
import { decodeId } from '../graph/ids';
import { HubGraphQLError } from '../errors';
import { asc, desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import type { ComputedField, RowOf } from '../graph/recordShape';
import { children, loaderFor, type ResourceConfig } from '../graph/resource';
import { inVillage, ofHousehold } from '../graph/place';
import type { StatsJoin } from '../graph/stats';
import { policy } from '../graph/scope';
import { fieldIssue } from '../graph/validation';
import { householdFields, householdIncomeFields, memberFields } from './fields';
import { perCapitaNetIncomeField } from './income';
import { householdRules, memberRules } from './rules';

/** The households a partner unit reaches: those its cadres are paired with (结对帮扶). */
const pairedHouseholds = (helperUnitId: number) =>
  sql`select p.household_id from cadre_household_pairing p join cadre c on c.id = p.cadre_id where c.helper_unit_id = ${helperUnitId}`;

/**
 * Households as clerks know them: by the beginning of the household number, of any member's name (the head's
 * too) or of her given name (小明 finds 韦小明: hub_given_name drops the surname), and, for those who read them
 * unmasked, by a whole phone number or resident ID number. Each part is one index's lookup (migrations
 * 2026-12-06-05-household-search, 2026-12-06-31-member-given-name-search); their households are then read by key.
 */
const inFull = (ctx: FilterContext, config: ResourceConfig, field: string) => !policy(ctx, config).withheld.has(field);

const householdSearch: TextSearch = {
  label: (ctx) =>
    inFull(ctx, householdResource.config, 'phone')
      ? { zh: '户编号、姓名、身份证号码或电话', en: 'Household number, name, ID number or phone' }
      : { zh: '户编号或姓名', en: 'Household number or name' },
  condition: (text, ctx) => {
    const start = `${escapeLike(text)}%`;
    const found = [
      sql`select id from household where household_number like ${start}`,
      sql`select household_id from member where name like ${start}`,
      sql`select household_id from member where hub_given_name(name) like ${start}`,
    ];
    // (a field the viewer may never have in full is never searched, as it is never filtered on: refuseSensitiveUse)
    if (inFull(ctx, householdResource.config, 'phone')) found.push(sql`select id from household where phone = ${text}`);
    if (inFull(ctx, memberResource.config, 'residentId'))
      found.push(sql`select household_id from member where resident_id = ${text.toUpperCase()}`);
    return sql<SqlBool>`${sql.ref('household.id')} in (${sql.join(found, sql` union all `)})`;
  },
};

/** Members per household as the database keeps them (household_size, by trigger): grouped figures join it, one row a household. */
const householdSizes: StatsJoin & { value: string } = {
  alias: 'hubSize',
  source: 'household_size',
  on: (t) => sql`${sql.ref('hubSize.householdId')} = ${sql.ref(`${t}.id`)}`,
  value: 'members',
};

/** A household's size (家庭人口): read by key from household_size, not counted each time; grouped figures join it. */
const householdSize: ComputedField = {
  type: 'Int',
  label: { zh: '家庭人口', en: 'Household size' },
  nullable: false,
  sql: (t) => sql`coalesce((select s.members from household_size s where s.household_id = ${sql.ref(`${t}.id`)}), 0)::int`,
  statsJoin: householdSizes,
};

export const householdResource = recordType('Household', '贫困户', 'Household', {
  ...inVillage('household'),
  description: 'a registered poor household (建档立卡贫困户), keyed by its national household number',
  fields: householdFields,
  computed: {
    size: householdSize,
    headName: {
      type: 'String',
      label: { zh: '户主姓名', en: 'Head of household' },
      sql: (t) => sql`(select m.name from member m where m.household_id = ${sql.ref(`${t}.id`)} and m.relation = 'HEAD')`,
    },
  },
  people: { expression: () => sql`coalesce(${sql.ref('hubSize.members')}, 0)`, joins: [householdSizes] },
  partner: (_eb, unit) => sql`household.id in (${pairedHouseholds(unit)})`,
  // kept by the database (household_tally, migration 2026-12-06-03): a few rows a village instead of every household
  statsTally: {
    table: 'household_tally',
    dimensions: ['village', 'township', 'county', 'status', 'identificationYear', 'exitYear', 'returnYear'],
    count: 'households',
    people: 'people',
    // migration 2026-12-06-51: the land summed; a household's size sums to its people
    sums: { arableLandMu: 'arableLandMu', forestLandMu: 'forestLandMu', size: 'people' },
  },
  defaultSort: [asc('householdNumber')],
  search: householdSearch,
  rules: householdRules,
  // migration 2026-12-06-73: a project's beneficiaries and payees are of its county
  constraintMessages: {
    household_in_county_of_its_projects: fieldIssue(
      'village',
      '该户是本县项目的受益户或收款户，不能迁到其他县的村',
      'The household benefits from or is paid by projects of its county: it cannot move to a village of another county',
    ),
  },
});

export const memberResource = recordType('Member', '家庭成员', 'Member', {
  ...ofHousehold('member'),
  fields: memberFields,
  computed: {
    age: {
      type: 'Int',
      label: { zh: '年龄', en: 'Age' },
      nullable: false,
      sql: (t) => sql`date_part('year', age(current_date, ${sql.ref(`${t}.birthDate`)}))::int`,
    },
    maskedResidentId: {
      type: 'String',
      label: { zh: '身份证号码（脱敏）', en: 'Resident ID number, masked' },
      maskOf: 'residentId',
      sql: (t) => sql`left(${sql.ref(`${t}.residentId`)}, 6) || '********' || right(${sql.ref(`${t}.residentId`)}, 4)`,
    },
  },
  people: { expression: () => sql`1` },
  partner: (_eb, unit) => sql`member.household_id in (${pairedHouseholds(unit)})`,
  defaultSort: [asc('householdId')],
  rules: memberRules,
});

export const householdIncomeResource = recordType('HouseholdIncome', '家庭年收入', 'Household income', {
  ...ofHousehold('household_income'),
  description: 'one household’s income in one year; net income and per-capita net income are derived, never typed in',
  fields: householdIncomeFields,
  computed: { perCapitaNetIncome: perCapitaNetIncomeField },
  partner: (_eb, unit) => sql`household_income.household_id in (${pairedHouseholds(unit)})`,
  defaultSort: [desc('year')],
});

children(villageResource, 'villageId', { households: { connection: 'Household', zh: '本村贫困户', en: 'Households of this village' } });
children(householdResource, 'householdId', {
  members: { list: 'Member', zh: '家庭成员', en: 'Members' },
  incomes: { list: 'HouseholdIncome', zh: '历年收入', en: 'Income by year' },
});

// A household's income in one year: the grid's income columns, batched for the whole page.
builder.objectField(householdResource.ref, 'income', (t) =>
  t.field({
    type: householdIncomeResource.ref,
    nullable: true,
    description: '某一年度的收入 / the income of one year',
    args: { year: t.arg.int({ required: true }) },
    resolve: (row, { year }, ctx) => {
      requireViewer(ctx);
      const loader = loaderFor(
        ctx,
        `Household.income:${year}`,
        () =>
          new DataLoader<number, RowOf<'householdIncome'> | null>(async (ids) => {
            const rows = await householdIncomeResource
              .select(ctx)
              .where(sql.ref('householdIncome.householdId'), 'in', [...ids])
              .where(sql.ref('householdIncome.year'), '=', year)
              .execute();
            const map = new Map(rows.map((r) => [r.householdId, r]));
            return ids.map((id) => map.get(id) ?? null);
          }),
      );
      return loader.load(row.id as number);
    },
  }),
);

/**
 * The full resident ID number of one member, for an administrator or a clerk whose scope reaches the member.
 * Every reveal is written to the audit log (who, when, whose number): the number is otherwise always masked.
 */
builder.mutationField('revealResidentId', (t) =>
  t.string({
    nullable: true,
    description: '查看某成员的完整身份证号码（留痕）/ reveal a member’s full resident ID number (audited)',
    args: { memberId: t.arg.id({ required: true }) },
    resolve: async (_root, { memberId }, ctx) => {
      const viewer = requireViewer(ctx);
      if (policy(ctx, memberResource.config).withheld.has('residentId')) {
        throw new HubGraphQLError(
          'FORBIDDEN',
          { zh: '当前角色不能查看完整身份证号码', en: 'Your role may not see full ID numbers' },
          ctx.locale,
        );
      }
      const id = decodeId(String(memberId), 'Member', ctx.locale, 'memberId');
      return ctx.db.transaction().execute(async (tx) => {
        const member = await memberResource
          .from({ ...ctx, db: tx })
          .select(['member.id', 'member.residentId'])
          .where('member.id', '=', id)
          .executeTakeFirst();
        if (!member) throw new HubGraphQLError('NOT_FOUND', { zh: '找不到该家庭成员', en: 'No such member' }, ctx.locale);
        await writeAudit(tx, viewer, { operation: 'REVEAL', recordType: 'Member', recordId: id, after: { field: 'residentId' } });
        return member.residentId as string | null;
      });
    },
  }),
);
