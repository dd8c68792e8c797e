import { codeValues } from '../db/codeTable';
import { RECORD_COLUMNS, YEAR_RANGE, oneOf, sqlMigration, touchTrigger } from '../db/migrationSql';
import { BOOLEAN_MEASURES, EXIT_LEVELS, EXIT_MEASURES, EXIT_OPERATORS, EXIT_THRESHOLD_SOURCES } from './codes';

const quoted = (values: Iterable<string>) => [...values].map((v) => `'${v}'`).join(', ');

/** A criterion as seeded: code, labels, description, and its rule (null: checked by hand). */
type Seed = [code: string, zh: string, en: string, description: string, rule: [measure: string, operator: string, threshold: number | null, source?: 'POVERTY_LINE'] | null];

/** 广西贫困户脱贫摘帽 "八有一超": every item can be checked from the household, member and income records. */
const HOUSEHOLD_CRITERIA: Seed[] = [
  ['INCOME_SOURCE', '有稳定收入来源或享受低保', 'Has a steady income or dibao', '当年收入记录中纯收入或低保金大于零，或属低保户', ['H_INCOME_OR_DIBAO', 'EQ', 1]],
  ['HOUSING', '有安全住房', 'Has safe housing', '住房非C、D级危房（按户的现有记录）', ['H_HOUSING_SAFE', 'EQ', 1]],
  ['MEDICAL', '有基本医疗保障', 'Has basic medical cover', '全部家庭成员参加新农合', ['H_MEDICAL_INSURED_SHARE', 'GTE', 100]],
  ['EDUCATION', '义务教育有保障', 'Compulsory education guaranteed', '家庭成员中无辍学学生', ['H_SCHOOL_DROPOUTS', 'EQ', 0]],
  ['ROAD', '有路通', 'Road to the hamlet', '通硬化路到屯', ['H_HAS_ROAD', 'EQ', 1]],
  ['WATER', '有饮用水', 'Safe drinking water', '饮水安全', ['H_HAS_SAFE_WATER', 'EQ', 1]],
  ['POWER', '有电用', 'Power', '通生活用电', ['H_HAS_POWER', 'EQ', 1]],
  ['TV', '有电视看', 'TV', '有电视信号', ['H_HAS_TV', 'EQ', 1]],
  ['INCOME_ABOVE_LINE', '家庭年人均纯收入超过国家扶贫标准', 'Per-capita net income above the poverty line', '当年收入记录的人均纯收入高于当年扶贫标准（扶贫标准表）', ['H_NET_INCOME_PER_CAPITA', 'GT', null, 'POVERTY_LINE']],
];

const BY_HAND = '记录中没有此项数据，须人工核验；自动判定不计此项 / the records hold no data for this: checked by hand, left out of the automatic decision';

/**
 * 广西贫困村脱贫摘帽 "十一有一低于". The records describe the village's registered households, not the village's
 * facilities: housing, medical cover, schooling, road, water, power and TV are judged over its registered
 * households (stated in each description); public services, collective income and the village committee are
 * not recorded at all and are checked by hand.
 */
const VILLAGE_CRITERIA: Seed[] = [
  ['INDUSTRY', '有特色产业', 'Has an industry', '以项目记录代替：截至当年有已完工或已验收的产业扶贫项目落在本村', ['V_INDUSTRY_PROJECTS', 'GTE', 1]],
  ['HOUSING', '有住房保障', 'Housing secured', '以建档立卡户代替：全部建档立卡户住房安全', ['V_SAFE_HOUSING_SHARE', 'GTE', 100]],
  ['MEDICAL', '有基本医疗保障', 'Medical cover', '以建档立卡人口代替：全部参加新农合（村卫生室情况未记录，须人工核验）', ['V_MEDICAL_INSURED_SHARE', 'GTE', 100]],
  ['EDUCATION', '有义务教育保障', 'Compulsory education', '以建档立卡人口代替：无辍学学生', ['V_SCHOOL_DROPOUTS', 'EQ', 0]],
  ['ROAD', '有路通村屯', 'Road', '以建档立卡户代替：全部通硬化路到屯', ['V_ROAD_SHARE', 'GTE', 100]],
  ['WATER', '有饮用水', 'Drinking water', '以建档立卡户代替：全部饮水安全', ['V_SAFE_WATER_SHARE', 'GTE', 100]],
  ['POWER', '有电用', 'Power', '以建档立卡户代替：全部通生活用电', ['V_POWER_SHARE', 'GTE', 100]],
  ['PUBLIC_SERVICES', '有公共服务设施', 'Public service facilities', BY_HAND, null],
  ['TV', '有电视看', 'TV', '以建档立卡户代替：全部有电视信号', ['V_TV_SHARE', 'GTE', 100]],
  ['COLLECTIVE_INCOME', '有集体经济收入', 'Collective income', BY_HAND, null],
  ['COMMITTEE', '有好的村级班子', 'A working village committee', BY_HAND, null],
  ['INCIDENCE', '贫困发生率低于3%', 'Poverty incidence below 3 %', '年末贫困人口 ÷ 农村户籍人口，保留一位小数', ['V_POVERTY_INCIDENCE', 'LT', 3]],
];

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

function seedCriteria(setCode: string, level: string, criteria: Seed[]): string {
  const rows = criteria.map(([code, zh, en, description, rule], i) => {
    const [measure, operator, threshold, source] = rule ?? [null, null, null];
    return `(${literal(code)}, ${(i + 1) * 10}, ${literal(zh)}, ${literal(en)}, ${literal(description)}, ${measure ? literal(measure) : 'null'}, ${operator ? literal(operator) : 'null'}, ${threshold ?? 'null'}, ${literal(source ?? 'VALUE')})`;
  });
  return `insert into exit_criterion (criteria_set_id, level, code, position, label_zh, label_en, description, measure, operator, threshold, threshold_source)
select s.id, '${level}', c.* from exit_criteria_set s,
  (values ${rows.join(',\n    ')}) as c(code, position, label_zh, label_en, description, measure, operator, threshold, threshold_source)
where s.code = '${setCode}'`;
}

/**
 * Exit checks as data (脱贫标准): criteria sets per level, region and years, and their criteria, each a
 * rule over a whitelisted measure (see codes.ts and measures.ts) — nothing a user types becomes SQL.
 * Seeds Guangxi's household and village sets.
 */
export const exitMigration = sqlMigration(
  `
create table exit_criteria_set (${RECORD_COLUMNS},
  level text not null ${oneOf('level', codeValues(EXIT_LEVELS))},
  code varchar(40) not null unique check (code ~ '^[A-Z0-9_]{1,40}$'),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text not null default '' check (length(name_en) <= 100),
  -- the region whose rules these are: a 6-digit division code (450000 Guangxi), matched as a prefix of the county's code
  region_code char(6) not null check (region_code ~ '^[0-9]{2}[0-9]{4}$'),
  region_name text not null default '' check (length(region_name) <= 50),
  from_year smallint not null check (from_year ${YEAR_RANGE}),
  to_year smallint check (to_year ${YEAR_RANGE}),
  active boolean not null default true,
  description text not null default '' check (length(description) <= 1000),
  check (to_year is null or to_year >= from_year),
  unique (id, level)
);
--;;
${touchTrigger('exit_criteria_set')}
--;;
create index exit_criteria_set_level on exit_criteria_set (level, from_year);
--;;
create index exit_criteria_set_from_year on exit_criteria_set (from_year);
--;;
create table exit_criterion (${RECORD_COLUMNS},
  criteria_set_id integer not null,
  -- the set's level, repeated so that the database itself keeps household measures out of village sets
  level text not null ${oneOf('level', codeValues(EXIT_LEVELS))},
  code varchar(40) not null check (code ~ '^[A-Z0-9_]{1,40}$'),
  position smallint not null default 0 check (position between 0 and 1000),
  label_zh text not null check (length(label_zh) between 1 and 100),
  label_en text not null default '' check (length(label_en) <= 100),
  description text not null default '' check (length(description) <= 1000),
  -- the rule: measure, operator, threshold; no measure means the records cannot tell (checked by hand)
  measure text ${oneOf('measure', codeValues(EXIT_MEASURES))},
  operator text ${oneOf('operator', codeValues(EXIT_OPERATORS))},
  threshold numeric(14,2),
  threshold_source text not null default 'VALUE' ${oneOf('threshold_source', codeValues(EXIT_THRESHOLD_SOURCES))},
  foreign key (criteria_set_id, level) references exit_criteria_set (id, level) on delete restrict,
  unique (criteria_set_id, code),
  constraint exit_criterion_rule_complete check ((measure is null) = (operator is null)
    and (measure is null or threshold_source = 'POVERTY_LINE' or threshold is not null)),
  constraint exit_criterion_measure_level check (measure is null or level = case when measure like 'H\\_%' then 'HOUSEHOLD' else 'VILLAGE' end),
  constraint exit_criterion_yes_no check (measure is null or measure not in (${quoted(BOOLEAN_MEASURES)})
    or (operator in ('EQ', 'NE') and threshold in (0, 1) and threshold_source = 'VALUE'))
);
--;;
${touchTrigger('exit_criterion')}
--;;
create index exit_criterion_criteria_set_id on exit_criterion (criteria_set_id, level);
--;;
create index exit_criterion_position on exit_criterion (position);
--;;
insert into exit_criteria_set (level, code, name_zh, name_en, region_code, region_name, from_year, description) values
  ('HOUSEHOLD', 'GX_HOUSEHOLD', '广西贫困户脱贫"八有一超"', 'Guangxi household exit test (eight haves, one above)', '450000', '广西壮族自治区', 2014,
   '有稳定收入来源或低保、有安全住房、有基本医疗、义务教育有保障、有路通、有饮用水、有电用、有电视看，家庭年人均纯收入超过国家扶贫标准'),
  ('VILLAGE', 'GX_VILLAGE', '广西贫困村脱贫摘帽"十一有一低于"', 'Guangxi village exit test (eleven haves, one below)', '450000', '广西壮族自治区', 2014,
   '有特色产业、有住房保障、有基本医疗、有教育保障、有路、有水、有电、有公共服务设施、有电视、有集体经济收入、有好的村级班子，贫困发生率低于3%')
--;;
${seedCriteria('GX_HOUSEHOLD', 'HOUSEHOLD', HOUSEHOLD_CRITERIA)}
--;;
${seedCriteria('GX_VILLAGE', 'VILLAGE', VILLAGE_CRITERIA)}
--;;
-- 家庭人口 kept by the database: grouped figures and the overview sum it instead of counting members per
-- household (920 ms for a county of 130,000 households). A statement trigger adds and subtracts the members
-- each statement inserts, deletes or moves, in the same transaction, so it cannot drift from the rows.
create table household_size (
  household_id integer primary key references household(id) on delete cascade,
  members integer not null default 0 check (members >= 0)
);
--;;
insert into household_size (household_id, members)
  select h.id, count(m.id) from household h left join member m on m.household_id = h.id group by h.id;
--;;
create function hub_household_size_new() returns trigger language plpgsql as $$
begin
  insert into household_size (household_id, members)
    select household_id, count(*) from new_members group by household_id order by household_id
  on conflict (household_id) do update set members = household_size.members + excluded.members;
  return null;
end $$;
--;;
create function hub_household_size_old() returns trigger language plpgsql as $$
begin
  update household_size s set members = s.members - o.n
    from (select household_id, count(*) as n from old_members group by household_id order by household_id) o
    where s.household_id = o.household_id;
  return null;
end $$;
--;;
create function hub_household_size_moved() returns trigger language plpgsql as $$
begin
  -- only members whose household changed: most updates leave the counts alone
  update household_size s set members = s.members + d.n
    from (select household_id, sum(n)::int as n from (
            select n.household_id, 1 as n from new_members n join old_members o on o.id = n.id where o.household_id <> n.household_id
            union all
            select o.household_id, -1 from new_members n join old_members o on o.id = n.id where o.household_id <> n.household_id) c
          group by household_id order by household_id) d
    where s.household_id = d.household_id;
  return null;
end $$;
--;;
create function hub_household_size_start() returns trigger language plpgsql as $$
begin
  insert into household_size (household_id) select id from new_households on conflict do nothing;
  return null;
end $$;
--;;
create trigger household_size_start after insert on household referencing new table as new_households
  for each statement execute function hub_household_size_start();
--;;
create trigger member_size_insert after insert on member referencing new table as new_members
  for each statement execute function hub_household_size_new();
--;;
create trigger member_size_delete after delete on member referencing old table as old_members
  for each statement execute function hub_household_size_old();
--;;
create trigger member_size_update after update on member referencing old table as old_members new table as new_members
  for each statement execute function hub_household_size_moved();
--;;
-- the alerts' lookup of a pairing's latest visit
create index visit_log_pairing_visited_on on visit_log (cadre_household_pairing_id, visited_on);
`,
  `drop index visit_log_pairing_visited_on;
--;;
drop trigger member_size_update on member;
--;;
drop trigger member_size_delete on member;
--;;
drop trigger member_size_insert on member;
--;;
drop trigger household_size_start on household;
--;;
drop function hub_household_size_start();
--;;
drop function hub_household_size_moved();
--;;
drop function hub_household_size_old();
--;;
drop function hub_household_size_new();
--;;
drop table household_size;
--;;
drop table exit_criterion;
--;;
drop table exit_criteria_set;`,
);
