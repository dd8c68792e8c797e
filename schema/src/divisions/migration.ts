import { RECORD_COLUMNS, YEAR_RANGE, sqlMigration, touchTrigger } from '../db/migrationSql';

/**
 * Divisions: county (县) → township (乡镇) → administrative village (行政村) → group (村民小组/屯).
 * One table per level keeps every foreign key honest (a household's village is a village).
 * Codes are the 12-digit statistical division codes (统计用区划代码).
 */
export const divisionsMigration = sqlMigration(
  `
create table county (${RECORD_COLUMNS},
  code char(12) not null unique check (code ~ '^[0-9]{6}000000$'),
  name text not null check (length(name) between 1 and 50)
);
--;;
${touchTrigger('county')}
--;;
create table township (${RECORD_COLUMNS},
  county_id integer not null references county(id) on delete restrict,
  code char(12) not null unique check (code ~ '^[0-9]{9}000$'),
  name text not null check (length(name) between 1 and 50),
  unique (county_id, name)
);
--;;
${touchTrigger('township')}
--;;
create index township_county_id on township (county_id);
--;;
create table village (${RECORD_COLUMNS},
  township_id integer not null references township(id) on delete restrict,
  code char(12) not null unique check (code ~ '^[0-9]{12}$' and code !~ '000$'),
  name text not null check (length(name) between 1 and 50),
  -- 农村户籍人口: the denominator of the poverty incidence
  rural_population integer not null default 0 check (rural_population between 0 and 1000000),
  is_poor_village boolean not null default false, -- 贫困村
  planned_exit_year smallint check (planned_exit_year ${YEAR_RANGE}), -- 计划脱贫摘帽年度 (batch)
  exit_year smallint check (exit_year ${YEAR_RANGE}), -- 实际脱贫摘帽年度
  check (is_poor_village or (planned_exit_year is null and exit_year is null)),
  unique (township_id, name)
);
--;;
${touchTrigger('village')}
--;;
create index village_township_id on village (township_id);
--;;
create index village_planned_exit_year on village (planned_exit_year);
--;;
create index village_exit_year on village (exit_year);
--;;
create index village_name on village (name);
--;;
create index village_is_poor_village on village (is_poor_village);
--;;
create index township_name on township (name);
--;;
create table village_group (${RECORD_COLUMNS},
  village_id integer not null references village(id) on delete restrict,
  name text not null check (length(name) between 1 and 50),
  unique (village_id, name)
);
--;;
${touchTrigger('village_group')}
--;;
create index village_group_name on village_group (name);
`,
  `drop table village_group;
--;;
drop table village;
--;;
drop table township;
--;;
drop table county;`,
);
