import { sql } from 'kysely';
import { asc, desc } from '../graph/pagination';
import { children } from '../graph/resource';
import { ofCounty } from '../graph/place';
import { fieldIssue } from '../graph/validation';
import { countyMoney, LABEL_ALLOCATED, money, moneyField } from './countyMoney';
import { fundSourceFields } from './fields';

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

children(fundSourceResource, 'fundSourceId', {
  allocations: { connection: 'FundAllocation', zh: '分配到项目的资金', en: 'Allocations to projects' },
});
