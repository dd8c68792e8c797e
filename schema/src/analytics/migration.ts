import { codeValues } from '../db/codeTable';
import { DIVISION_LEVELS } from '../divisions/codes';
import { RECORD_COLUMNS, YEAR_RANGE, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import { INDICATORS, TARGET_SUBJECTS } from './codes';

/**
 * The figures the county is measured by, kept as data because they change by year and by province:
 * the poverty line per year (扶贫标准), targets (目标任务) and published indicators.
 */
export const analyticsMigration = sqlMigration(
  `
create table poverty_line (${RECORD_COLUMNS},
  year smallint not null unique check (year ${YEAR_RANGE}),
  amount numeric(10,2) not null check (amount > 0), -- yuan per person per year, current prices
  source text not null default '' check (length(source) <= 500)
);
--;;
${touchTrigger('poverty_line')}
--;;
create table target (${RECORD_COLUMNS},
  year smallint not null check (year ${YEAR_RANGE}),
  level text not null ${oneOf('level', DIVISION_LEVELS.filter((l) => l !== 'GROUP'))},
  township_id integer references township(id) on delete restrict,
  village_id integer references village(id) on delete restrict,
  subject text not null ${oneOf('subject', codeValues(TARGET_SUBJECTS))},
  goal integer not null check (goal >= 0),
  due_date date not null,
  description text not null default '' check (length(description) <= 500),
  check ((level = 'TOWNSHIP') = (township_id is not null)),
  check ((level = 'VILLAGE') = (village_id is not null))
);
--;;
${touchTrigger('target')}
--;;
create index target_year on target (year);
--;;
create index target_township_id on target (township_id);
--;;
create index target_village_id on target (village_id);
--;;
create unique index target_unique on target (year, subject, level, coalesce(township_id, 0), coalesce(village_id, 0));
--;;
create table published_indicator (${RECORD_COLUMNS},
  year smallint not null check (year ${YEAR_RANGE}),
  indicator text not null ${oneOf('indicator', codeValues(INDICATORS))},
  value numeric(14,2) not null,
  source text not null default '' check (length(source) <= 500),
  unique (indicator, year)
);
--;;
${touchTrigger('published_indicator')}
--;;
create index published_indicator_year on published_indicator (year);
`,
  `drop table published_indicator;
--;;
drop table target;
--;;
drop table poverty_line;`,
);
