import { sql } from 'kysely';
import { asc, desc } from '../graph/pagination';
import type { DivisionPath } from '../graph/recordShape';
import { children, divisionPath } from '../graph/resource';
import { ofCounty } from '../graph/place';
import { countyMoney, LABEL_ALLOCATED, LABEL_DISBURSED, money, moneyField, projectsIn } from './countyMoney';
import { projectFields } from './fields';
import { projectRules } from './rules';

/** A division path's township and village conditions, its county one left to the record's own county column. */
const withoutCounty = ({ township, village }: DivisionPath) => ({ township, village });

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
});

children(projectResource, 'projectId', {
  sites: { list: 'ProjectSite', zh: '实施村', en: 'Sites' },
  beneficiaries: { connection: 'ProjectBeneficiary', zh: '受益户', en: 'Beneficiary households' },
  allocations: { list: 'FundAllocation', zh: '资金分配', en: 'Fund allocations' },
});
