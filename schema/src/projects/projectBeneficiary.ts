import { asc } from '../graph/pagination';
import { ofHousehold } from '../graph/place';
import { countyMoney } from './countyMoney';
import { projectBeneficiaryFields } from './fields';

export const projectBeneficiaryResource = countyMoney('ProjectBeneficiary', '项目受益户', 'Project beneficiary', {
  ...ofHousehold('project_beneficiary', { carriesVillage: false }),
  description: 'a registered household that benefits from a project',
  fields: projectBeneficiaryFields,
  defaultSort: [asc('projectId'), asc('householdId')],
});
