import { sql, type SqlBool } from 'kysely';
import { asc, desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { inVillage } from '../graph/place';
import { unitVillagePairingFields } from './fields';
import { periodRules } from './rules';

export const unitVillagePairingResource = recordType('UnitVillagePairing', '定点帮扶', 'Unit–village pairing', {
  ...inVillage('unit_village_pairing'),
  description: 'a helper unit paired with a village (定点帮扶); one current lead unit per village',
  fields: unitVillagePairingFields,
  partner: (_eb, unit) => sql<SqlBool>`unit_village_pairing.helper_unit_id = ${unit}`,
  defaultSort: [asc('villageId'), desc('startDate')],
  rules: periodRules,
});
