
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
