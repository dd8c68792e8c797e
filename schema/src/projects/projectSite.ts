import { asc } from '../graph/pagination';
import { inVillage } from '../graph/place';
import { countyMoney } from './countyMoney';
import { projectSiteFields } from './fields';

export const projectSiteResource = countyMoney('ProjectSite', '项目实施村', 'Project site', {
  ...inVillage('project_site'),
  description: 'a village where a project is carried out',
  fields: projectSiteFields,
  defaultSort: [asc('projectId'), asc('villageId')],
});
