import { sql, type SqlBool } from 'kysely';
import { enumFor } from '../graph/enums';
import { desc } from '../graph/pagination';
import { divisionPath, graphQLTypeOf } from '../graph/resource';
import { joinTo } from '../graph/place';
import { fieldIssue } from '../graph/validation';
import { FUND_LEVELS } from './codes';
import { countyMoney, projectsIn, projectsOfCounty } from './countyMoney';
import { disbursementFields, projectFields } from './fields';
import { disbursementRules } from './rules';

/** Money paid grouped by where it comes from and what it is for (资金级次, 行动类别), through its allocation. */
const DISBURSEMENT_ALLOCATION = joinTo('hubAllocation', 'fund_allocation', 'fundAllocationId');

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
