import { sqlMigration } from '../db/migrationSql';

/**
 * Lists sort empty values last in both directions, as Excel does (see sortKeys in resource.ts). A plain index
 * read backwards gives DESC with empty values FIRST, so every nullable sortable column gets one that reads
 * `desc nulls last` with id (the list's tie-break) after it: a descending grid page is an index scan.
 */
export const sortNullsLastMigration = sqlMigration(
  `
create index village_planned_exit_year_desc on village (planned_exit_year desc nulls last, id);
--;;
create index village_exit_year_desc on village (exit_year desc nulls last, id);
--;;
create index household_planned_exit_year_desc on household (planned_exit_year desc nulls last, id);
--;;
create index household_exit_year_desc on household (exit_year desc nulls last, id);
--;;
create index member_health_desc on member (health desc nulls last, id);
--;;
create index project_status_desc on project (status desc nulls last, id);
--;;
create index disbursement_payee_household_id_desc on disbursement (payee_household_id desc nulls last, id);
--;;
create index disbursement_payee_village_id_desc on disbursement (payee_village_id desc nulls last, id);
--;;
create index exit_criterion_position_desc on exit_criterion (position desc nulls last, id);
`,
  `
drop index village_planned_exit_year_desc, village_exit_year_desc, household_planned_exit_year_desc, household_exit_year_desc,
  member_health_desc, project_status_desc, disbursement_payee_household_id_desc, disbursement_payee_village_id_desc, exit_criterion_position_desc;
`,
);
