import { asc } from '../graph/pagination';
import { ofHousehold } from '../graph/place';
import { countyMoney } from './countyMoney';
import { projectBeneficiaryFields } from './fields';
import { fieldIssue } from '../graph/validation';

export const projectBeneficiaryResource = countyMoney('ProjectBeneficiary', '项目受益户', 'Project beneficiary', {
  ...ofHousehold('project_beneficiary', { carriesVillage: false }),
  description: 'a registered household that benefits from a project',
  fields: projectBeneficiaryFields,
  defaultSort: [asc('projectId'), asc('householdId')],
  constraintMessages: {
    project_beneficiary_in_project_county: fieldIssue(
      'household',
      '受益贫困户不在该项目所属的县',
      'The household is not in the project’s county',
    ),
  },
});
