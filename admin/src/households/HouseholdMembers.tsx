import { RelatedRecords } from '../resources/RelatedRecords';

/** 家庭成员 on the household's page: who lives there, and a button to add one. */
export const HouseholdMembers = () => (
  <RelatedRecords
    resource="members"
    target="householdId"
    columns={['name', 'relation', 'sex', 'birthDate', 'age', 'health', 'laborAbility', 'residentId']}
  />
);
