import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { COUNTY_NAME, countyNameOf } from '../graph/place';
import { villagesOfCounty } from '../graph/resource';
import { villageGroupFields } from './fields';
import { place } from './place';

export const villageGroupResource = place('VillageGroup', '村民小组', 'Village group', {
  fields: villageGroupFields,
  computed: { [COUNTY_NAME]: countyNameOf((t) => sql`${sql.ref(`${t}.villageId`)}`) },
  division: {
    county: (_eb, id) => sql<SqlBool>`village_group.village_id in (${villagesOfCounty(id)})`,
    township: (_eb, id) => sql<SqlBool>`village_group.village_id in (select id from village where township_id = ${id})`,
    village: (_eb, id) => sql<SqlBool>`village_group.village_id = ${id}`,
  },
  defaultSort: [asc('name')],
});
