import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { children } from '../graph/resource';
import { townshipFields } from './fields';
import { place } from './place';
import { fieldIssue } from '../graph/validation';

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
children(townshipResource, 'townshipId', { villages: { connection: 'Village', zh: '下辖行政村', en: 'Villages' } });
