import { codeValues } from '../db/codeTable';
import { RECORD_COLUMNS, YEAR_RANGE, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  HOUSING_DANGER_LEVELS,
  LABOR_ABILITIES,
  POVERTY_CAUSES,
  RELATIONS,
  SCHOOL_STATUSES,
  SEXES,
} from './codes';

const causes = codeValues(POVERTY_CAUSES);
const money = (column: string) => `${column} numeric(12,2) not null default 0 check (${column} >= 0)`;

/**
 * Registered poor households (建档立卡贫困户), their members (家庭成员) and their income per year.
 * Head of household is the member whose relation is HEAD (at most one per household), not a copy of a name.
 */
export const householdsMigration = sqlMigration(
  `
-- GB 11643-1999 check: format, ISO 7064 MOD 11-2 check character, a real birth date.
-- The application checks the rest (birth date not in the future, sex digit) with friendlier messages.
create function hub_resident_id_valid(id text) returns boolean language plpgsql immutable strict as $$
declare
  weights int[] := array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];
  total int := 0;
begin
  if id !~ '^[0-9]{17}[0-9X]$' then return false; end if;
  for i in 1..17 loop
    total := total + substr(id, i, 1)::int * weights[i];
  end loop;
  if substr('10X98765432', total % 11 + 1, 1) <> substr(id, 18, 1) then return false; end if;
  begin
    return make_date(substr(id, 7, 4)::int, substr(id, 11, 2)::int, substr(id, 13, 2)::int) is not null;
  exception when others then
    return false;
  end;
end $$;
--;;
create table household (${RECORD_COLUMNS},
  household_number varchar(20) not null unique check (household_number ~ '^[0-9]{8,20}$'), -- 户编号
  village_id integer not null references village(id) on delete restrict,
  group_id integer references village_group(id) on delete restrict,
  address text not null default '' check (length(address) <= 200),
  phone varchar(20) check (phone ~ '^[0-9][0-9-]{6,19}$'),
  attribute text not null ${oneOf('attribute', codeValues(HOUSEHOLD_ATTRIBUTES))},
  status text not null ${oneOf('status', codeValues(HOUSEHOLD_STATUSES))},
  -- 脱贫不脱政策: an exited household that keeps its support policies
  continued_support boolean not null default false,
  identification_year smallint not null check (identification_year ${YEAR_RANGE}), -- 识别年度
  planned_exit_year smallint check (planned_exit_year ${YEAR_RANGE}),
  exit_year smallint check (exit_year ${YEAR_RANGE}),
  return_year smallint check (return_year ${YEAR_RANGE}), -- 返贫年度
  main_cause text not null ${oneOf('main_cause', causes)},
  secondary_causes text[] not null default '{}'
    check (secondary_causes <@ array[${causes.map((c) => `'${c}'`).join(', ')}]::text[]),
  housing_danger_level text not null default 'NONE' ${oneOf('housing_danger_level', codeValues(HOUSING_DANGER_LEVELS))},
  has_safe_water boolean not null default false,
  has_power boolean not null default false,
  has_road boolean not null default false, -- 通硬化路到屯
  has_tv boolean not null default false,
  arable_land_mu numeric(8,2) not null default 0 check (arable_land_mu >= 0), -- 耕地（亩）
  forest_land_mu numeric(8,2) not null default 0 check (forest_land_mu >= 0), -- 林地（亩）
  note text not null default '' check (length(note) <= 2000),
  check (exit_year is null or exit_year >= identification_year),
  check (planned_exit_year is null or planned_exit_year >= identification_year),
  check (status not in ('EXITED', 'RETURNED') or exit_year is not null),
  check (status <> 'POOR' or exit_year is null),
  check ((status = 'RETURNED') = (return_year is not null)),
  check (return_year is null or return_year >= exit_year),
  check (continued_support = false or status = 'EXITED')
);
--;;
${touchTrigger('household')}
--;;
create index household_village_id on household (village_id);
--;;
create index household_group_id on household (group_id);
--;;
create index household_status on household (status);
--;;
create index household_attribute on household (attribute);
--;;
create index household_main_cause on household (main_cause);
--;;
create index household_identification_year on household (identification_year);
--;;
create index household_planned_exit_year on household (planned_exit_year);
--;;
create index household_exit_year on household (exit_year);
--;;
create index household_phone on household (phone);
--;;
create index household_secondary_causes on household using gin (secondary_causes);
--;;
create table member (${RECORD_COLUMNS},
  household_id integer not null references household(id) on delete restrict,
  person_number varchar(24) not null unique check (person_number ~ '^[0-9]{8,24}$'), -- 人编号
  resident_id char(18) unique check (hub_resident_id_valid(resident_id)), -- 身份证号码 (sensitive)
  name text not null check (length(name) between 1 and 50),
  sex text not null ${oneOf('sex', codeValues(SEXES))},
  birth_date date not null,
  ethnicity char(2) not null ${oneOf('ethnicity', codeValues(ETHNICITIES))},
  relation text not null ${oneOf('relation', codeValues(RELATIONS))},
  education text not null ${oneOf('education', codeValues(EDUCATION_LEVELS))},
  school_status text not null default 'NOT_IN_SCHOOL' ${oneOf('school_status', codeValues(SCHOOL_STATUSES))},
  health text not null default 'HEALTHY' ${oneOf('health', codeValues(HEALTH_STATUSES))},
  labor_ability text not null ${oneOf('labor_ability', codeValues(LABOR_ABILITIES))},
  migrant_work_months smallint not null default 0 check (migrant_work_months between 0 and 12), -- 务工时间（月）
  has_medical_insurance boolean not null default false, -- 参加新农合
  has_pension boolean not null default false, -- 参加城乡居民养老保险
  phone varchar(20) check (phone ~ '^[0-9][0-9-]{6,19}$'),
  -- the birth date and sex digit inside the ID number must agree with the columns
  check (resident_id is null or substr(resident_id, 7, 8) =
    lpad(extract(year from birth_date)::text, 4, '0') || lpad(extract(month from birth_date)::text, 2, '0')
      || lpad(extract(day from birth_date)::text, 2, '0')),
  check (resident_id is null or (substr(resident_id, 17, 1)::int % 2 = 1) = (sex = 'MALE'))
);
--;;
${touchTrigger('member')}
--;;
create index member_household_id on member (household_id);
--;;
create unique index member_one_head on member (household_id) where relation = 'HEAD';
--;;
create index member_name on member (name);
--;;
create index member_birth_date on member (birth_date);
--;;
create index member_health on member (health);
--;;
create index member_labor_ability on member (labor_ability);
--;;
create index member_sex on member (sex);
--;;
create index member_ethnicity on member (ethnicity);
--;;
create index member_relation on member (relation);
--;;
create index member_education on member (education);
--;;
create index member_school_status on member (school_status);
--;;
-- 家庭收入: one row per household and year. Net income is derived, never typed in.
create table household_income (${RECORD_COLUMNS},
  household_id integer not null references household(id) on delete restrict,
  year smallint not null check (year ${YEAR_RANGE}),
  ${money('wages')}, -- 工资性收入
  ${money('business_income')}, -- 生产经营性收入
  ${money('property_income')}, -- 财产性收入（含资产收益分红）
  ${money('transfer_dibao')}, -- 低保金
  ${money('transfer_pension')}, -- 养老金
  ${money('transfer_eco')}, -- 生态补偿金
  ${money('transfer_other')}, -- 其他转移性收入
  ${money('business_expenses')}, -- 生产经营性支出
  net_income numeric(13,2) generated always as (wages + business_income + property_income + transfer_dibao
    + transfer_pension + transfer_eco + transfer_other - business_expenses) stored,
  unique (household_id, year)
);
--;;
${touchTrigger('household_income')}
--;;
create index household_income_year on household_income (year);
`,
  `drop table household_income;
--;;
drop table member;
--;;
drop table household;
--;;
drop function hub_resident_id_valid(text);`,
);
