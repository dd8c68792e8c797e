import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { resourceNamed } from '../graph/registry';
import { children, divisionPath } from '../graph/resource';
import { cadreFields } from './fields';
import { cadresIn } from './reach';

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
