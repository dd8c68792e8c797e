import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { COUNTY_NAME, countyNameOf } from '../graph/place';
import { children } from '../graph/resource';
import { fieldIssue } from '../graph/validation';
import { villageFields } from './fields';
import { heldByCountyProjects, place } from './place';

export const villageResource = place('Village', '行政村', 'Village', {
  description: 'an administrative village (行政村), with its rural population and its poor-village exit years',
  fields: villageFields,
  // village names repeat across counties: the list says whose each is (issue 16)
  computed: { [COUNTY_NAME]: countyNameOf((t) => sql`${sql.ref(`${t}.id`)}`) },
  division: {
    county: (_eb, id) => sql<SqlBool>`village.township_id in (select id from township where county_id = ${id})`,
    township: (_eb, id) => sql<SqlBool>`village.township_id = ${id}`,
    village: (_eb, id) => sql<SqlBool>`village.id = ${id}`,
  },
  defaultSort: [asc('code')],
  constraintMessages: heldByCountyProjects('village'),
  rules: [
    (v) =>
      !v.isPoorVillage && (v.plannedExitYear != null || v.exitYear != null)
        ? [
            fieldIssue(
              v.exitYear != null ? 'exitYear' : 'plannedExitYear',
              '只有贫困村才有脱贫摘帽年度',
              'Only a poor village has exit years',
            ),
          ]
        : [],
  ],
});
children(villageResource, 'villageId', { groups: { list: 'VillageGroup', zh: '村民小组', en: 'Groups' } });
