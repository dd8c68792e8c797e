import { sql, type SqlBool } from 'kysely';
import { desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { resourceNamed } from '../graph/registry';
import { divisionDimensions, villageJoins } from '../graph/stats';
import { inVillage, joinTo } from '../graph/place';
import { visitLogFields } from './fields';
import { unitPairings, WITH_PARTNERS } from './reach';
import { visitLogRules } from './rules';

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
