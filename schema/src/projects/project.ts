import { sql } from 'kysely';
import { asc, desc } from '../graph/pagination';
import type { DivisionPath } from '../graph/recordShape';
import { children, divisionPath } from '../graph/resource';
import { ofCounty } from '../graph/place';
import { countyMoney, LABEL_ALLOCATED, LABEL_DISBURSED, money, moneyField, projectsIn } from './countyMoney';
import { projectFields } from './fields';
import { projectRules } from './rules';
import { fieldIssue } from '../graph/validation';

/** A division path's township and village conditions, its county one left to the record's own county column. */
const withoutCounty = ({ township, village }: DivisionPath) => ({ township, village });

/** A project whose records lie in its county does not move to another. */
const PROJECT_STAYS = fieldIssue(
  'county',
  '该项目的实施村、资金来源、受益户或收款方属于原来的县，不能改为其他县',
  'The project’s sites, fund sources, beneficiaries or payees are of its county: it cannot move to another county',
);

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

children(projectResource, 'projectId', {
  sites: { list: 'ProjectSite', zh: '实施村', en: 'Sites' },
  beneficiaries: { connection: 'ProjectBeneficiary', zh: '受益户', en: 'Beneficiary households' },
  allocations: { list: 'FundAllocation', zh: '资金分配', en: 'Fund allocations' },
});
