import { sql, type SqlBool } from 'kysely';
import { enumFor } from '../graph/enums';
import { asc } from '../graph/pagination';
import { children, divisionPath, graphQLTypeOf } from '../graph/resource';
import { joinTo } from '../graph/place';
import { fieldIssue } from '../graph/validation';
import { FUND_LEVELS } from './codes';
import { countyMoney, LABEL_DISBURSED, money, moneyField, projectsIn, projectsOfCounty } from './countyMoney';
import { fundAllocationFields, projectFields } from './fields';

/** Money grouped by where it comes from and what it is for (资金级次, 行动类别): one join each, not a lookup per row. */
const ALLOCATION_SOURCE = joinTo('hubFundSource', 'fund_source', 'fundSourceId');
const ALLOCATION_PROJECT = joinTo('hubProject', 'project', 'projectId');

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

children(fundAllocationResource, 'fundAllocationId', {
  disbursements: { connection: 'Disbursement', zh: '拨付记录', en: 'Disbursements' },
});
