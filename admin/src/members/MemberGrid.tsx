import { GridList } from '../grid/GridList';

/** 家庭成员 as a spreadsheet: person number and name frozen */
export const MemberGrid = () => (
  <GridList
    columns={['personNumber', 'name', 'householdId', 'residentId', 'sex', 'birthDate', 'ethnicity', 'relation', 'education', 'schoolStatus', 'health', 'laborAbility', 'migrantWorkMonths', 'hasMedicalInsurance', 'hasPension', 'phone']}
    frozen={2}
    filters={['health', 'laborAbility', 'relation']}
    sort={{ field: 'personNumber', order: 'ASC' }}
  />
);
