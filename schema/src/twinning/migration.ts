import { codeValues } from '../db/codeTable';
import { RECORD_COLUMNS, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import { ACTION_CATEGORIES } from '../projects/codes';
import { SEXES } from '../households/codes';
import { HELPER_UNIT_KINDS, HELPER_UNIT_LEVELS, VISIT_MODES, WORK_TEAM_ROLES } from './codes';

/**
 * Twinning assistance (结对帮扶): helper units (帮扶单位) and their cadres (帮扶干部), unit ↔ village
 * pairings (定点帮扶), village work teams (驻村工作队, with the first secretary 第一书记), cadre ↔ household
 * pairings, the assistance measures (帮扶措施) taken under a pairing, and visit logs (走访记录).
 */
export const twinningMigration = sqlMigration(
  `
create table helper_unit (${RECORD_COLUMNS},
  name text not null unique check (length(name) between 1 and 200),
  kind text not null ${oneOf('kind', codeValues(HELPER_UNIT_KINDS))},
  level text not null ${oneOf('level', codeValues(HELPER_UNIT_LEVELS))},
  contact_name text not null default '' check (length(contact_name) <= 50),
  contact_phone varchar(20) check (contact_phone ~ '^[0-9][0-9-]{6,19}$'),
  address text not null default '' check (length(address) <= 200)
);
--;;
${touchTrigger('helper_unit')}
--;;
create index helper_unit_kind on helper_unit (kind);
--;;
create table cadre (${RECORD_COLUMNS},
  helper_unit_id integer not null references helper_unit(id) on delete restrict,
  name text not null check (length(name) between 1 and 50),
  sex text not null ${oneOf('sex', codeValues(SEXES))},
  mobile varchar(11) not null unique check (mobile ~ '^1[3-9][0-9]{9}$'),
  position text not null default '' check (length(position) <= 100) -- 职务
);
--;;
${touchTrigger('cadre')}
--;;
create index cadre_helper_unit_id on cadre (helper_unit_id);
--;;
create index cadre_name on cadre (name);
--;;
create table unit_village_pairing (${RECORD_COLUMNS},
  helper_unit_id integer not null references helper_unit(id) on delete restrict,
  village_id integer not null references village(id) on delete restrict,
  is_lead boolean not null default false, -- 牵头单位
  start_date date not null,
  end_date date,
  note text not null default '' check (length(note) <= 2000),
  check (end_date is null or end_date >= start_date),
  unique (helper_unit_id, village_id, start_date)
);
--;;
${touchTrigger('unit_village_pairing')}
--;;
create index unit_village_pairing_village_id on unit_village_pairing (village_id);
--;;
-- one lead unit per village at a time
create unique index unit_village_pairing_one_lead on unit_village_pairing (village_id) where is_lead and end_date is null;
--;;
create table work_team_assignment (${RECORD_COLUMNS},
  cadre_id integer not null references cadre(id) on delete restrict,
  village_id integer not null references village(id) on delete restrict,
  role text not null ${oneOf('role', codeValues(WORK_TEAM_ROLES))},
  start_date date not null,
  end_date date,
  note text not null default '' check (length(note) <= 2000),
  check (end_date is null or end_date >= start_date),
  unique (cadre_id, village_id, start_date)
);
--;;
${touchTrigger('work_team_assignment')}
--;;
create index work_team_assignment_village_id on work_team_assignment (village_id);
--;;
create unique index work_team_one_first_secretary on work_team_assignment (village_id)
  where role = 'FIRST_SECRETARY' and end_date is null;
--;;
create table cadre_household_pairing (${RECORD_COLUMNS},
  cadre_id integer not null references cadre(id) on delete restrict,
  household_id integer not null references household(id) on delete restrict,
  start_date date not null,
  end_date date,
  note text not null default '' check (length(note) <= 2000),
  check (end_date is null or end_date >= start_date),
  unique (cadre_id, household_id, start_date)
);
--;;
${touchTrigger('cadre_household_pairing')}
--;;
create index cadre_household_pairing_household_id on cadre_household_pairing (household_id);
--;;
create table assistance_measure (${RECORD_COLUMNS},
  cadre_household_pairing_id integer not null references cadre_household_pairing(id) on delete restrict,
  action_category text not null ${oneOf('action_category', codeValues(ACTION_CATEGORIES))},
  description text not null check (length(description) between 1 and 2000),
  started_on date not null,
  amount numeric(12,2) check (amount >= 0) -- money or goods in kind, in yuan, when there is any
);
--;;
${touchTrigger('assistance_measure')}
--;;
create index assistance_measure_pairing_id on assistance_measure (cadre_household_pairing_id);
--;;
create index assistance_measure_action_category on assistance_measure (action_category);
--;;
create table visit_log (${RECORD_COLUMNS},
  cadre_household_pairing_id integer not null references cadre_household_pairing(id) on delete restrict,
  visited_on date not null,
  mode text not null ${oneOf('mode', codeValues(VISIT_MODES))},
  content text not null check (length(content) between 1 and 4000),
  follow_ups text not null default '' check (length(follow_ups) <= 4000), -- 后续事项
  follow_up_due date,
  check (follow_up_due is null or follow_up_due >= visited_on)
);
--;;
${touchTrigger('visit_log')}
--;;
create index visit_log_pairing_id on visit_log (cadre_household_pairing_id);
--;;
create index visit_log_visited_on on visit_log (visited_on);
`,
  `drop table visit_log;
--;;
drop table assistance_measure;
--;;
drop table cadre_household_pairing;
--;;
drop table work_team_assignment;
--;;
drop table unit_village_pairing;
--;;
drop table cadre;
--;;
drop table helper_unit;`,
);
