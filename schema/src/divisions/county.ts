import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { children } from '../graph/resource';
import { countyFields } from './fields';
import { place } from './place';

export const countyResource = place('County', '县', 'County', {
  fields: countyFields,
  division: { county: (_eb, id) => sql<SqlBool>`county.id = ${id}` },
  defaultSort: [asc('code')],
});
children(countyResource, 'countyId', { townships: { list: 'Township', zh: '下辖乡镇', en: 'Townships' } });
