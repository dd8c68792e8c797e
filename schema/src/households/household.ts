import { sql, type SqlBool } from 'kysely';
import { escapeLike, type FilterContext, type TextSearch } from '../graph/filters';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import type { ComputedField } from '../graph/recordShape';
import { resourceNamed } from '../graph/registry';
import { children, type ResourceConfig } from '../graph/resource';
import { inVillage } from '../graph/place';
import type { StatsJoin } from '../graph/stats';
import { policy } from '../graph/scope';
import { householdFields } from './fields';
import { pairedHouseholds } from './reach';
import { householdRules } from './rules';
import { fieldIssue } from '../graph/validation';

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
    if (inFull(ctx, resourceNamed('Member').config, 'residentId'))
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

children(householdResource, 'householdId', {
  members: { list: 'Member', zh: '家庭成员', en: 'Members' },
  incomes: { list: 'HouseholdIncome', zh: '历年收入', en: 'Income by year' },
});
