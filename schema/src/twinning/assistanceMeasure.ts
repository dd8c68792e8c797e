import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { byVillageColumn } from '../graph/resource';
import { assistanceMeasureFields } from './fields';
import { unitPairings, WITH_PARTNERS } from './reach';

export const assistanceMeasureResource = recordType('AssistanceMeasure', '帮扶措施', 'Assistance measure', {
  description: 'a measure taken for a household under a cadre–household pairing (帮扶措施), in one of the ten action categories',
  fields: assistanceMeasureFields,
  division: byVillageColumn('assistance_measure', 'villageId'),
  partner: (_eb, unit) => sql<SqlBool>`assistance_measure.cadre_household_pairing_id in (${unitPairings(unit)})`,
  writers: [...WITH_PARTNERS],
  defaultSort: [asc('cadreHouseholdPairingId')],
});
