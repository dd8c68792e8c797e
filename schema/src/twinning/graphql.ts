import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { villageResource } from '../divisions/graphql';
import { asc, desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import type { ComputedField } from '../graph/recordShape';
import type { Text } from '../errors';
import { resourceNamed } from '../graph/registry';
import { divisionDimensions, villageJoins } from '../graph/stats';
import { byVillageColumn, children, divisionPath } from '../graph/resource';
import { inVillage, joinTo, ofHousehold } from '../graph/place';
import { householdResource } from '../households/graphql';
import {
  assistanceMeasureFields,
  cadreFields,
  cadreHouseholdPairingFields,
  helperUnitFields,
  unitVillagePairingFields,
  visitLogFields,
  workTeamAssignmentFields,
} from './fields';
import { periodRules, visitLogRules } from './rules';

/*
 * Where twinning records sit in the division tree (for the townshipId/villageId shortcuts and a clerk's
 * scope), and what a partner unit reaches: its own cadres, their pairings, and what hangs off those.
 */

/** Cadres paired with a household of those villages, or stationed in one of them. */
const cadresIn = (villages: RawBuilder<unknown>) => sql`
  select p.cadre_id from cadre_household_pairing p where p.village_id in (${villages})
  union
  select w.cadre_id from work_team_assignment w where w.village_id in (${villages})`;

/**
 * The cadres of a partner unit, and the cadre–household pairings they hold: `cadre_id = any(array(…))` reads
 * the unit's pairings by the index on cadre_id, where `in` or a join to cadre walked every pairing (a sync
 * page of 100 pairings: 0.4 instead of 1.6 ms of the database's CPU; docs/benchmarks.md).
 */
const unitCadres = (unit: number) => sql`select c.id from cadre c where c.helper_unit_id = ${unit}`;
const ofUnitCadres = (column: string, unit: number) => sql<SqlBool>`${sql.ref(column)} = any(array(${unitCadres(unit)}))`;
const unitPairings = (unit: number) => sql`select p.id from cadre_household_pairing p where ${ofUnitCadres('p.cadre_id', unit)}`;

/** A figure of a cadre–household pairing's visit logs: `aggregate` over them (the latest date, how many). */
const ofVisits = (type: ComputedField['type'], label: Text, aggregate: RawBuilder<unknown>): ComputedField => ({
  type,
  label,
  sql: (t) => sql`(select ${aggregate} from visit_log v where v.cadre_household_pairing_id = ${sql.ref(`${t}.id`)})`,
});

/** A partner writes the visit logs and measures of its own pairings (security.md); clerks and administrators all in scope. */
const WITH_PARTNERS = ['ADMIN', 'CLERK', 'PARTNER'] as const;

export const helperUnitResource = recordType('HelperUnit', '帮扶单位', 'Helper unit', {
  description: 'a unit (department, enterprise, east–west partner…) that sends cadres and is paired with villages (帮扶单位)',
  fields: helperUnitFields,
  // a unit is in a village when it is paired with the village, or one of its cadres works there
  division: divisionPath(
    (villages) => sql`helper_unit.id in (select u.helper_unit_id from unit_village_pairing u where u.village_id in (${villages})
    union select c.helper_unit_id from cadre c where c.id in (${cadresIn(villages)}))`,
  ),
  partner: (_eb, unit) => sql<SqlBool>`helper_unit.id = ${unit}`,
  // units are set up by the county: a new one has no pairings yet, so it would fall outside any clerk's scope
  writers: ['ADMIN'],
  defaultSort: [asc('name')],
});
children(helperUnitResource, 'helperUnitId', {
  cadres: { connection: 'Cadre', zh: '本单位帮扶干部', en: 'Cadres of this unit' },
  villagePairings: { list: 'UnitVillagePairing', zh: '定点帮扶村', en: 'Villages this unit is paired with' },
});

export const cadreResource = recordType('Cadre', '帮扶干部', 'Cadre', {
  description: 'a cadre of a helper unit (帮扶干部), known by a unique mobile number',
  fields: cadreFields,
  computed: {
    householdCount: {
      type: 'Int',
      label: { zh: '当前帮扶户数', en: 'Households currently paired' },
      nullable: false,
      // only the households the reader may see count: a clerk learns nothing of other townships' pairings
      sql: (t, ctx) => sql`(select count(distinct p.household_id)::int from cadre_household_pairing p
      where p.cadre_id = ${sql.ref(`${t}.id`)} and p.start_date <= current_date and (p.end_date is null or p.end_date >= current_date)
        and p.household_id in (${resourceNamed('Household').from(ctx).select('household.id')}))`,
    },
  },
  // a cadre is in a village when paired with one of its households or stationed there
  division: divisionPath((villages) => sql`cadre.id in (${cadresIn(villages)})`),
  partner: (_eb, unit) => sql<SqlBool>`cadre.helper_unit_id = ${unit}`,
  writers: ['ADMIN'], // like their units, cadres are registered by the county
  defaultSort: [asc('name')],
});
children(cadreResource, 'cadreId', {
  householdPairings: { connection: 'CadreHouseholdPairing', zh: '结对帮扶户', en: 'Households this cadre is paired with' },
  workTeamAssignments: { list: 'WorkTeamAssignment', zh: '驻村安排', en: 'Work-team assignments' },
});

export const unitVillagePairingResource = recordType('UnitVillagePairing', '定点帮扶', 'Unit–village pairing', {
  ...inVillage('unit_village_pairing'),
  description: 'a helper unit paired with a village (定点帮扶); one current lead unit per village',
  fields: unitVillagePairingFields,
  partner: (_eb, unit) => sql<SqlBool>`unit_village_pairing.helper_unit_id = ${unit}`,
  defaultSort: [asc('villageId'), desc('startDate')],
  rules: periodRules,
});

export const workTeamAssignmentResource = recordType('WorkTeamAssignment', '驻村工作队', 'Work-team assignment', {
  ...inVillage('work_team_assignment'),
  description: 'a cadre stationed in a village’s work team (驻村工作队); one current first secretary (第一书记) per village',
  fields: workTeamAssignmentFields,
  partner: (_eb, unit) => sql<SqlBool>`work_team_assignment.cadre_id in (${unitCadres(unit)})`,
  defaultSort: [asc('villageId'), asc('role')],
  rules: periodRules,
});

export const cadreHouseholdPairingResource = recordType('CadreHouseholdPairing', '结对帮扶', 'Cadre–household pairing', {
  ...ofHousehold('cadre_household_pairing'),
  description: 'a cadre responsible for a registered household (结对帮扶)',
  fields: cadreHouseholdPairingFields,
  computed: {
    lastVisitedOn: ofVisits('Date', { zh: '最近走访日期', en: 'Last visited on' }, sql`max(v.visited_on)`),
    visitCount: { ...ofVisits('Int', { zh: '走访次数', en: 'Visits' }, sql`count(*)::int`), nullable: false },
  },
  partner: (_eb, unit) => ofUnitCadres('cadre_household_pairing.cadre_id', unit),
  defaultSort: [asc('householdId'), desc('startDate')],
  rules: periodRules,
});
children(cadreHouseholdPairingResource, 'cadreHouseholdPairingId', {
  visitLogs: { connection: 'VisitLog', zh: '走访记录', en: 'Visit logs' },
  measures: { list: 'AssistanceMeasure', zh: '帮扶措施', en: 'Assistance measures' },
});

export const assistanceMeasureResource = recordType('AssistanceMeasure', '帮扶措施', 'Assistance measure', {
  description: 'a measure taken for a household under a cadre–household pairing (帮扶措施), in one of the ten action categories',
  fields: assistanceMeasureFields,
  division: byVillageColumn('assistance_measure', 'villageId'),
  partner: (_eb, unit) => sql<SqlBool>`assistance_measure.cadre_household_pairing_id in (${unitPairings(unit)})`,
  writers: [...WITH_PARTNERS],
  defaultSort: [asc('cadreHouseholdPairingId')],
});

const VISIT_PAIRING = joinTo('hubPairing', 'cadre_household_pairing', 'cadreHouseholdPairingId');

export const visitLogResource = recordType('VisitLog', '走访记录', 'Visit log', {
  ...inVillage('visit_log'),
  description: 'a cadre’s visit to a paired household (走访记录): date, mode, content and follow-ups',
  fields: visitLogFields,
  partner: (_eb, unit) => sql<SqlBool>`visit_log.cadre_household_pairing_id in (${unitPairings(unit)})`,
  // grouped by division, helper unit and year through one join each, not a lookup per visit
  statsDimensions: {
    ...divisionDimensions([VISIT_PAIRING, ...villageJoins.viaHousehold(() => 'hubPairing.householdId')]),
    helperUnit: {
      joins: [VISIT_PAIRING, joinTo('hubCadre', 'cadre', 'cadreId', 'hubPairing')],
      expression: () => sql`${sql.ref('hubCadre.helperUnitId')}`,
      type: () => resourceNamed('HelperUnit').ref,
    },
    year: { expression: (t) => sql`extract(year from ${sql.ref(`${t}.visitedOn`)})::int`, type: () => 'Int' },
  },
  writers: [...WITH_PARTNERS],
  defaultSort: [desc('visitedOn')],
  rules: visitLogRules,
});

children(villageResource, 'villageId', {
  unitPairings: { list: 'UnitVillagePairing', zh: '定点帮扶单位', en: 'Helper units paired with this village' },
  workTeam: { list: 'WorkTeamAssignment', zh: '驻村工作队', en: 'The village’s work team' },
});
children(householdResource, 'householdId', {
  cadrePairings: { list: 'CadreHouseholdPairing', zh: '结对帮扶干部', en: 'Cadres paired with this household' },
});
