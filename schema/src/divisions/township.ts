import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { children } from '../graph/resource';
import { townshipFields } from './fields';
import { heldByCountyProjects, place } from './place';

export const townshipResource = place('Township', '乡镇', 'Township', {
  fields: townshipFields,
  division: {
    county: (_eb, id) => sql<SqlBool>`township.county_id = ${id}`,
    township: (_eb, id) => sql<SqlBool>`township.id = ${id}`,
  },
  defaultSort: [asc('code')],
  constraintMessages: heldByCountyProjects('township'),
});
children(townshipResource, 'townshipId', { villages: { connection: 'Village', zh: '下辖行政村', en: 'Villages' } });
