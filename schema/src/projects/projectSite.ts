import { asc } from '../graph/pagination';
import { inVillage } from '../graph/place';
import { countyMoney } from './countyMoney';
import { projectSiteFields } from './fields';
import { fieldIssue } from '../graph/validation';

export const projectSiteResource = countyMoney('ProjectSite', '项目实施村', 'Project site', {
  ...inVillage('project_site'),
  description: 'a village where a project is carried out',
  fields: projectSiteFields,
  defaultSort: [asc('projectId'), asc('villageId')],
  constraintMessages: {
    project_site_in_project_county: fieldIssue('village', '实施村不在该项目所属的县', 'The village is not in the project’s county'),
  },
});
