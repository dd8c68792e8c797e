import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { villageResource } from '../divisions/graphql';
import { asc, desc } from '../graph/pagination';
import { recordType, type RecordTypeSpec } from '../graph/recordType';
import type { ComputedField, DivisionPath } from '../graph/recordShape';
import type { TableName } from '../graph/fields';
import type { Text } from '../errors';
import { fieldIssue } from '../graph/validation';
import { enumFor } from '../graph/enums';
import { graphQLTypeOf } from '../graph/resource';
import { FUND_LEVELS } from './codes';
import { children, divisionPath, type Villages } from '../graph/resource';
import { inVillage, joinTo, ofCounty, ofHousehold } from '../graph/place';
import {
  disbursementFields,
  fundAllocationFields,
  fundSourceFields,
  projectBeneficiaryFields,
  projectFields,
  projectSiteFields,
} from './fields';
import { disbursementRules, projectRules } from './rules';

/*
 * Where projects and their money sit in the division tree (for the townshipId/villageId shortcuts and a
 * clerk's scope): a project lies in the villages of its sites, and so do its allocations; a disbursement
 * lies where its payee household or village collective is, and a payment to a cooperative or a contractor
 * where the project is. Fund sources are county money and lie in no division: clerks do not see them.
 */

/** A county's projects (issue 16: a project names its county). */
const projectsOfCounty = (countyId: number) => sql`select p.id from project p where p.county_id = ${countyId}`;

/** A division path's township and village conditions, its county one left to the record's own county column. */
const withoutCounty = ({ township, village }: DivisionPath) => ({ township, village });

/** Projects with a site in those villages. */
const projectsIn = (villages: Villages) => sql`select s.project_id from project_site s where s.village_id in (${villages})`;

/** A sum of money as an exact decimal string with two places ("0.00" when there is nothing to add up). */
const money = (sum: RawBuilder<unknown>) => sql`round(coalesce(${sum}, 0), 2)::text`;

/** An amount of money worked out from other rows ("0.00" when there are none), as a field of the record. */
const moneyField = (label: Text, sum: (table: string) => RawBuilder<unknown>): ComputedField => ({
  type: 'Decimal',
  label,
  nullable: false,
  sql: sum,
});

/** The county's money: partner units see their pairings, not the county's money (security.md). */
function countyMoney<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>) {
  return recordType(name, zh, en, { partner: null, ...spec });
}

/** A project whose records lie in its county does not move to another. */
const PROJECT_STAYS = fieldIssue(
  'county',
  '该项目的实施村、资金来源、受益户或收款方属于原来的县，不能改为其他县',
  'The project’s sites, fund sources, beneficiaries or payees are of its county: it cannot move to another county',
);

const LABEL_ALLOCATED = { zh: '已分配金额（元）', en: 'Allocated (yuan)' };
const LABEL_DISBURSED = { zh: '已拨付金额（元）', en: 'Disbursed (yuan)' };

export const projectResource = countyMoney('Project', '扶贫项目', 'Project', {
  description: 'a poverty-alleviation project (扶贫项目) in one of the ten action categories, carried out in its sites (villages)',
  fields: projectFields,
  computed: {
    allocatedAmount: moneyField(
      LABEL_ALLOCATED,
      (t) => sql`(select ${money(sql`sum(a.amount)`)} from fund_allocation a where a.project_id = ${sql.ref(`${t}.id`)})`,
    ),
    disbursedAmount: moneyField(
      LABEL_DISBURSED,
      (t) =>
        sql`(select ${money(sql`sum(d.amount)`)} from disbursement d join fund_allocation a on a.id = d.fund_allocation_id where a.project_id = ${sql.ref(`${t}.id`)})`,
    ),
  },
  // a project is its county's (its code unique there, issue 16); townships and villages by its sites
  ...ofCounty('project', withoutCounty(divisionPath((villages) => sql`project.id in (${projectsIn(villages)})`))),
  defaultSort: [desc('year'), asc('code')],
  rules: projectRules,
  // its sites and funds (2026-12-06-67), its beneficiaries and payees (2026-12-06-73) keep it in its county
  constraintMessages: { project_site_in_project_county: PROJECT_STAYS, project_records_in_project_county: PROJECT_STAYS },
});

export const projectSiteResource = countyMoney('ProjectSite', '项目实施村', 'Project site', {
  ...inVillage('project_site'),
  description: 'a village where a project is carried out',
  fields: projectSiteFields,
  defaultSort: [asc('projectId'), asc('villageId')],
  constraintMessages: {
    project_site_in_project_county: fieldIssue('village', '实施村不在该项目所属的县', 'The village is not in the project’s county'),
  },
});

export const projectBeneficiaryResource = countyMoney('ProjectBeneficiary', '项目受益户', 'Project beneficiary', {
  ...ofHousehold('project_beneficiary', { carriesVillage: false }),
  description: 'a registered household that benefits from a project',
  fields: projectBeneficiaryFields,
  defaultSort: [asc('projectId'), asc('householdId')],
  constraintMessages: {
    project_beneficiary_in_project_county: fieldIssue(
      'household',
      '受益贫困户不在该项目所属的县',
      'The household is not in the project’s county',
    ),
  },
});

export const fundSourceResource = countyMoney('FundSource', '资金来源', 'Fund source', {
  // county money: the county's administrators and analysts, not township clerks (no township or village)
  ...ofCounty('fund_source'),
  description: 'poverty-alleviation money from one level (central, region… credit) in one year, allocated to projects',
  fields: fundSourceFields,
  computed: {
    allocatedAmount: moneyField(
      LABEL_ALLOCATED,
      (t) => sql`(select ${money(sql`sum(a.amount)`)} from fund_allocation a where a.fund_source_id = ${sql.ref(`${t}.id`)})`,
    ),
    unallocatedAmount: moneyField(
      { zh: '未分配金额（元）', en: 'Not yet allocated (yuan)' },
      (t) =>
        sql`(select round(${sql.ref(`${t}.amount`)} - coalesce(sum(a.amount), 0), 2)::text from fund_allocation a where a.fund_source_id = ${sql.ref(`${t}.id`)})`,
    ),
  },
  // county money: administrators manage it (it lies in no clerk's scope)
  writers: ['ADMIN'],
  defaultSort: [desc('year'), asc('level')],
  constraintMessages: {
    fund_allocation_within_source: fieldIssue(
      'amount',
      '资金金额不能少于已分配给项目的金额',
      'The amount cannot be less than what is already allocated to projects',
    ),
    fund_allocation_same_county: fieldIssue(
      'county',
      '该资金已分配给原来所属县的项目，不能改为其他县',
      'The money is allocated to projects of its county: it cannot move to another county',
    ),
  },
});

/** Money grouped by where it comes from and what it is for (资金级次, 行动类别): one join each, not a lookup per row. */
const ALLOCATION_SOURCE = joinTo('hubFundSource', 'fund_source', 'fundSourceId');
const ALLOCATION_PROJECT = joinTo('hubProject', 'project', 'projectId');
const DISBURSEMENT_ALLOCATION = joinTo('hubAllocation', 'fund_allocation', 'fundAllocationId');

export const fundAllocationResource = countyMoney('FundAllocation', '资金分配', 'Fund allocation', {
  description: 'part of a fund source allocated to a project; one allocation per source and project',
  fields: fundAllocationFields,
  computed: {
    disbursedAmount: moneyField(
      LABEL_DISBURSED,
      (t) => sql`(select ${money(sql`sum(d.amount)`)} from disbursement d where d.fund_allocation_id = ${sql.ref(`${t}.id`)})`,
    ),
  },
  division: {
    ...divisionPath((villages) => sql`fund_allocation.project_id in (${projectsIn(villages)})`),
    county: (_eb, id) => sql<SqlBool>`fund_allocation.project_id in (${projectsOfCounty(id)})`,
  },
  // money by the level and year of the source it came from, through one join
  statsDimensions: {
    fundLevel: {
      joins: [ALLOCATION_SOURCE],
      expression: () => sql`${sql.ref('hubFundSource.level')}`,
      type: () => enumFor('FundLevel', FUND_LEVELS),
    },
    year: { joins: [ALLOCATION_SOURCE], expression: () => sql`${sql.ref('hubFundSource.year')}`, type: () => 'Int' },
    actionCategory: {
      joins: [ALLOCATION_PROJECT],
      expression: () => sql`${sql.ref('hubProject.actionCategory')}`,
      type: () => graphQLTypeOf(projectFields.actionCategory!),
    },
  },
  defaultSort: [asc('fundSourceId'), asc('projectId')],
  constraintMessages: {
    fund_allocation_within_source: fieldIssue(
      'amount',
      '分配总额超过资金来源金额',
      'The allocations would exceed the amount of the fund source',
    ),
    disbursement_within_allocation: fieldIssue(
      'amount',
      '分配金额不能少于已拨付的金额',
      'The amount cannot be less than what is already disbursed from it',
    ),
    fund_allocation_same_county: fieldIssue(
      'fundSource',
      '资金来源与项目不属于同一个县',
      'The fund source and the project are of different counties',
    ),
  },
});

export const disbursementResource = countyMoney('Disbursement', '资金拨付', 'Disbursement', {
  description: 'money paid out of an allocation to a household, a village collective, a cooperative or a contractor',
  fields: disbursementFields,
  // money paid by the level of its source and the category of its project, through its allocation: one join each
  statsDimensions: {
    fundLevel: {
      joins: [DISBURSEMENT_ALLOCATION, joinTo('hubFundSource', 'fund_source', 'fundSourceId', 'hubAllocation')],
      expression: () => sql`${sql.ref('hubFundSource.level')}`,
      type: () => enumFor('FundLevel', FUND_LEVELS),
    },
    actionCategory: {
      joins: [DISBURSEMENT_ALLOCATION, joinTo('hubProject', 'project', 'projectId', 'hubAllocation')],
      expression: () => sql`${sql.ref('hubProject.actionCategory')}`,
      type: () => graphQLTypeOf(projectFields.actionCategory!),
    },
  },
  division: {
    ...divisionPath(
      (villages) => sql`(disbursement.payee_village_id in (${villages})
    or disbursement.payee_household_id in (select h.id from household h where h.village_id in (${villages}))
    or (disbursement.payee_village_id is null and disbursement.payee_household_id is null
      and disbursement.fund_allocation_id in (select a.id from fund_allocation a where a.project_id in (${projectsIn(villages)}))))`,
    ),
    // the county's money, whoever it was paid to
    county: (_eb, id) =>
      sql<SqlBool>`disbursement.fund_allocation_id in (select a.id from fund_allocation a where a.project_id in (${projectsOfCounty(id)}))`,
  },
  defaultSort: [desc('paidOn')],
  rules: disbursementRules,
  constraintMessages: {
    disbursement_within_allocation: fieldIssue(
      'amount',
      '拨付总额超过资金分配金额',
      'The disbursements would exceed the amount of the allocation',
    ),
    disbursement_payee_household_in_project_county: fieldIssue(
      'payeeHousehold',
      '收款贫困户不在该项目所属的县',
      'The payee household is not in the project’s county',
    ),
    disbursement_payee_village_in_project_county: fieldIssue(
      'payeeVillage',
      '收款村集体不在该项目所属的县',
      'The payee village is not in the project’s county',
    ),
  },
});

children(projectResource, 'projectId', {
  sites: { list: 'ProjectSite', zh: '实施村', en: 'Sites' },
  beneficiaries: { connection: 'ProjectBeneficiary', zh: '受益户', en: 'Beneficiary households' },
  allocations: { list: 'FundAllocation', zh: '资金分配', en: 'Fund allocations' },
});
children(fundSourceResource, 'fundSourceId', {
  allocations: { connection: 'FundAllocation', zh: '分配到项目的资金', en: 'Allocations to projects' },
});
children(fundAllocationResource, 'fundAllocationId', {
  disbursements: { connection: 'Disbursement', zh: '拨付记录', en: 'Disbursements' },
});
children(villageResource, 'villageId', {
  projectSites: { connection: 'ProjectSite', zh: '本村实施的项目', en: 'Projects carried out in this village' },
});
