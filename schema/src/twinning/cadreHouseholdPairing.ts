import { sql, type RawBuilder } from 'kysely';
import { asc, desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import type { ComputedField } from '../graph/recordShape';
import type { Text } from '../errors';
import { children } from '../graph/resource';
import { ofHousehold } from '../graph/place';
import { cadreHouseholdPairingFields } from './fields';
import { ofUnitCadres } from './reach';
import { periodRules } from './rules';

/** A figure of a cadre–household pairing's visit logs: `aggregate` over them (the latest date, how many). */
const ofVisits = (type: ComputedField['type'], label: Text, aggregate: RawBuilder<unknown>): ComputedField => ({
  type,
  label,
  sql: (t) => sql`(select ${aggregate} from visit_log v where v.cadre_household_pairing_id = ${sql.ref(`${t}.id`)})`,
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
