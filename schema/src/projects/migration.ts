import { codeValues } from '../db/codeTable';
import { RECORD_COLUMNS, YEAR_RANGE, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import { ACTION_CATEGORIES, FUND_LEVELS, PAYEE_TYPES, PROGRAMMES, PROJECT_STATUSES } from './codes';

/**
 * Projects (扶贫项目) with their sites and beneficiaries, and the money: fund sources (资金来源) allocated to
 * projects (资金分配) and disbursed to payees (资金拨付). Money is numeric(14,2) yuan, never floating point.
 * Invariant kept by the database: disbursed ≤ allocated ≤ source amount. The checks lock the parent row,
 * so two concurrent writers cannot both squeeze under the limit.
 */
export const projectsMigration = sqlMigration(
  `
create table project (${RECORD_COLUMNS},
  code varchar(32) not null unique check (code ~ '^[A-Za-z0-9-]{3,32}$'),
  name text not null check (length(name) between 1 and 200),
  year smallint not null check (year ${YEAR_RANGE}),
  action_category text not null ${oneOf('action_category', codeValues(ACTION_CATEGORIES))},
  programme text ${oneOf('programme', codeValues(PROGRAMMES))},
  implementing_unit text not null check (length(implementing_unit) between 1 and 200),
  budget numeric(14,2) not null check (budget >= 0),
  status text not null default 'PLANNED' ${oneOf('status', codeValues(PROJECT_STATUSES))},
  start_date date,
  end_date date,
  description text not null default '' check (length(description) <= 4000),
  check (end_date is null or start_date is null or end_date >= start_date)
);
--;;
${touchTrigger('project')}
--;;
create index project_year on project (year);
--;;
create index project_action_category on project (action_category);
--;;
create index project_status on project (status);
--;;
create table project_site (${RECORD_COLUMNS},
  project_id integer not null references project(id) on delete cascade,
  village_id integer not null references village(id) on delete restrict,
  unique (project_id, village_id)
);
--;;
${touchTrigger('project_site')}
--;;
create index project_site_village_id on project_site (village_id);
--;;
create table project_beneficiary (${RECORD_COLUMNS},
  project_id integer not null references project(id) on delete cascade,
  household_id integer not null references household(id) on delete restrict,
  unique (project_id, household_id)
);
--;;
${touchTrigger('project_beneficiary')}
--;;
create index project_beneficiary_household_id on project_beneficiary (household_id);
--;;
create table fund_source (${RECORD_COLUMNS},
  name text not null check (length(name) between 1 and 200),
  level text not null ${oneOf('level', codeValues(FUND_LEVELS))},
  year smallint not null check (year ${YEAR_RANGE}),
  document_number text not null default '' check (length(document_number) <= 100), -- 文号
  amount numeric(14,2) not null check (amount >= 0),
  received_on date
);
--;;
${touchTrigger('fund_source')}
--;;
create index fund_source_level on fund_source (level);
--;;
create index fund_source_year on fund_source (year);
--;;
create table fund_allocation (${RECORD_COLUMNS},
  fund_source_id integer not null references fund_source(id) on delete restrict,
  project_id integer not null references project(id) on delete restrict,
  amount numeric(14,2) not null check (amount >= 0),
  allocated_on date,
  document_number text not null default '' check (length(document_number) <= 100),
  unique (fund_source_id, project_id)
);
--;;
${touchTrigger('fund_allocation')}
--;;
create index fund_allocation_project_id on fund_allocation (project_id);
--;;
create table disbursement (${RECORD_COLUMNS},
  fund_allocation_id integer not null references fund_allocation(id) on delete restrict,
  payee_type text not null ${oneOf('payee_type', codeValues(PAYEE_TYPES))},
  payee_household_id integer references household(id) on delete restrict,
  payee_village_id integer references village(id) on delete restrict,
  payee_name text not null check (length(payee_name) between 1 and 200),
  amount numeric(14,2) not null check (amount > 0),
  paid_on date not null,
  voucher_number text not null default '' check (length(voucher_number) <= 100), -- 凭证号
  check ((payee_type = 'HOUSEHOLD') = (payee_household_id is not null)),
  check ((payee_type = 'VILLAGE_COLLECTIVE') = (payee_village_id is not null))
);
--;;
${touchTrigger('disbursement')}
--;;
create index disbursement_fund_allocation_id on disbursement (fund_allocation_id);
--;;
create index disbursement_payee_household_id on disbursement (payee_household_id);
--;;
create index disbursement_payee_village_id on disbursement (payee_village_id);
--;;
create index disbursement_paid_on on disbursement (paid_on);
--;;
create function hub_check_fund_source(source_id integer) returns void language plpgsql as $$
declare
  limit_amount numeric;
  allocated numeric;
begin
  select amount into limit_amount from fund_source where id = source_id for update;
  select coalesce(sum(amount), 0) into allocated from fund_allocation where fund_source_id = source_id;
  if allocated > limit_amount then
    raise exception using errcode = '23514', constraint = 'fund_allocation_within_source',
      message = format('allocations of fund source %s total %s, more than its amount %s', source_id, allocated, limit_amount);
  end if;
end $$;
--;;
create function hub_check_fund_allocation(allocation_id integer) returns void language plpgsql as $$
declare
  limit_amount numeric;
  disbursed numeric;
begin
  select amount into limit_amount from fund_allocation where id = allocation_id for update;
  select coalesce(sum(amount), 0) into disbursed from disbursement where fund_allocation_id = allocation_id;
  if disbursed > limit_amount then
    raise exception using errcode = '23514', constraint = 'disbursement_within_allocation',
      message = format('disbursements of allocation %s total %s, more than its amount %s', allocation_id, disbursed, limit_amount);
  end if;
end $$;
--;;
create function hub_fund_invariants() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'fund_source' then
    perform hub_check_fund_source(new.id);
  elsif tg_table_name = 'fund_allocation' then
    perform hub_check_fund_source(new.fund_source_id);
    perform hub_check_fund_allocation(new.id);
    if tg_op = 'UPDATE' and old.fund_source_id <> new.fund_source_id then
      perform hub_check_fund_source(old.fund_source_id);
    end if;
  elsif tg_table_name = 'disbursement' then
    perform hub_check_fund_allocation(new.fund_allocation_id);
  end if;
  return null;
end $$;
--;;
create constraint trigger fund_source_invariants after update of amount on fund_source
  deferrable initially deferred for each row execute function hub_fund_invariants();
--;;
create constraint trigger fund_allocation_invariants after insert or update on fund_allocation
  deferrable initially deferred for each row execute function hub_fund_invariants();
--;;
create constraint trigger disbursement_invariants after insert or update on disbursement
  deferrable initially deferred for each row execute function hub_fund_invariants();
`,
  `drop table disbursement;
--;;
drop table fund_allocation;
--;;
drop table fund_source;
--;;
drop function hub_fund_invariants();
--;;
drop function hub_check_fund_allocation(integer);
--;;
drop function hub_check_fund_source(integer);
--;;
drop table project_beneficiary;
--;;
drop table project_site;
--;;
drop table project;`,
);
