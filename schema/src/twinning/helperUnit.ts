import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { children, divisionPath } from '../graph/resource';
import { helperUnitFields } from './fields';
import { cadresIn } from './reach';

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
