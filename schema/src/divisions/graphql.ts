import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import type { TableName } from '../graph/fields';
import { recordType, type RecordTypeSpec } from '../graph/recordType';
import { COUNTY_NAME, countyNameOf } from '../graph/place';
import { fieldIssue } from '../graph/validation';
import { children, villagesOfCounty } from '../graph/resource';
import { countyFields, townshipFields, villageFields, villageGroupFields } from './fields';

/** Place names and populations, no personal data: everyone signed in reads them. */
function place<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>) {
  return recordType(name, zh, en, { public: true, ...spec });
}

export const countyResource = place('County', '县', 'County', {
  fields: countyFields,
  division: { county: (_eb, id) => sql<SqlBool>`county.id = ${id}` },
  defaultSort: [asc('code')],
});

export const townshipResource = place('Township', '乡镇', 'Township', {
  fields: townshipFields,
  division: {
    county: (_eb, id) => sql<SqlBool>`township.county_id = ${id}`,
    township: (_eb, id) => sql<SqlBool>`township.id = ${id}`,
  },
  defaultSort: [asc('code')],
  constraintMessages: {
    township_in_county_of_its_projects: fieldIssue(
      'county',
      '该乡镇有本县项目的实施村、受益户或收款方，不能划到其他县',
      'The township holds sites, beneficiaries or payees of projects of its county: it cannot move to another county',
    ),
  },
});

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
  constraintMessages: {
    village_in_county_of_its_projects: fieldIssue(
      'township',
      '该村有本县项目的实施点、受益户或收款方，不能划到其他县的乡镇',
      'The village holds sites, beneficiaries or payees of projects of its county: it cannot move to a township of another county',
    ),
  },
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

children(countyResource, 'countyId', { townships: { list: 'Township', zh: '下辖乡镇', en: 'Townships' } });
children(townshipResource, 'townshipId', { villages: { connection: 'Village', zh: '下辖行政村', en: 'Villages' } });
children(villageResource, 'villageId', { groups: { list: 'VillageGroup', zh: '村民小组', en: 'Groups' } });
