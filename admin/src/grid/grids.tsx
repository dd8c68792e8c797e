import { ChoiceFilter, DivisionFilter, HouseholdSearchFilter, SearchFilter, YearFilter } from './filters';
import { GridList } from './GridList';

/**
 * The spreadsheet list of each record type clerks keep in Excel today: which columns show first, which stay
 * frozen, and which filters the bar offers. Everything else (kinds, labels, editability) comes from the schema.
 */

export const HouseholdGrid = () => (
  <GridList
    columns={[
      'householdNumber',
      'headName',
      'villageId',
      'phone',
      'attribute',
      'status',
      'identificationYear',
      'plannedExitYear',
      'exitYear',
      'mainCause',
      'secondaryCauses',
      'continuedSupport',
      'housingDangerLevel',
      'hasSafeWater',
      'hasPower',
      'hasRoad',
      'hasTv',
      'arableLandMu',
      'forestLandMu',
      'address',
      'note',
    ]}
    frozen={2}
    sort={{ field: 'householdNumber', order: 'ASC' }}
    readOnlyFor={['PARTNER']}
    filters={[
      <HouseholdSearchFilter key="search" source="search" alwaysOn />,
      <DivisionFilter key="division" source="division" alwaysOn />,
      <ChoiceFilter key="status" source="status" alwaysOn />,
      <YearFilter key="year" source="identificationYear" alwaysOn />,
      <ChoiceFilter key="cause" source="mainCause" alwaysOn />,
      <ChoiceFilter key="attribute" source="attribute" />,
      <YearFilter key="exitYear" source="exitYear" />,
    ]}
  />
);

export const MemberGrid = () => (
  <GridList
    columns={[
      'personNumber',
      'name',
      'householdId',
      'residentId',
      'sex',
      'birthDate',
      'ethnicity',
      'relation',
      'education',
      'schoolStatus',
      'health',
      'laborAbility',
      'migrantWorkMonths',
      'hasMedicalInsurance',
      'hasPension',
      'phone',
    ]}
    frozen={2}
    sort={{ field: 'personNumber', order: 'ASC' }}
    readOnlyFor={['PARTNER']}
    filters={[
      <SearchFilter key="q" source="q" alwaysOn />,
      <DivisionFilter key="division" source="division" alwaysOn />,
      <ChoiceFilter key="health" source="health" alwaysOn />,
      <ChoiceFilter key="labor" source="laborAbility" alwaysOn />,
      <ChoiceFilter key="relation" source="relation" />,
      <ChoiceFilter key="education" source="education" />,
    ]}
  />
);

export const HouseholdIncomeGrid = () => (
  <GridList
    columns={['householdId', 'year', 'wages', 'businessIncome', 'propertyIncome', 'transferDibao', 'transferPension', 'transferEco', 'transferOther', 'businessExpenses', 'netIncome']}
    frozen={2}
    sort={{ field: 'year', order: 'DESC' }}
    readOnlyFor={['PARTNER']}
    filters={[<DivisionFilter key="division" source="division" alwaysOn />, <YearFilter key="year" source="year" alwaysOn />]}
  />
);

export const ProjectGrid = () => (
  <GridList
    columns={['code', 'name', 'year', 'actionCategory', 'programme', 'implementingUnit', 'budget', 'status', 'startDate', 'endDate', 'description']}
    frozen={2}
    sort={{ field: 'year', order: 'DESC' }}
    readOnlyFor={['PARTNER']}
    filters={[
      <SearchFilter key="q" source="q" alwaysOn />,
      <ChoiceFilter key="status" source="status" alwaysOn />,
      <YearFilter key="year" source="year" alwaysOn />,
      <ChoiceFilter key="category" source="actionCategory" alwaysOn />,
    ]}
  />
);

export const FundSourceGrid = () => (
  <GridList
    columns={['name', 'level', 'year', 'documentNumber', 'amount', 'receivedOn']}
    frozen={1}
    sort={{ field: 'year', order: 'DESC' }}
    readOnlyFor={['PARTNER']}
    filters={[<SearchFilter key="q" source="q" alwaysOn />, <ChoiceFilter key="level" source="level" alwaysOn />, <YearFilter key="year" source="year" alwaysOn />]}
  />
);

export const FundAllocationGrid = () => (
  <GridList
    columns={['fundSourceId', 'projectId', 'amount', 'allocatedOn', 'documentNumber']}
    frozen={1}
    sort={{ field: 'fundSourceId', order: 'ASC' }}
    readOnlyFor={['PARTNER']}
    filters={[<SearchFilter key="q" source="q" alwaysOn />]}
  />
);

export const CadreHouseholdPairingGrid = () => (
  <GridList
    columns={['householdId', 'cadreId', 'startDate', 'endDate', 'note']}
    frozen={1}
    sort={{ field: 'householdId', order: 'ASC' }}
    readOnlyFor={['PARTNER']}
    filters={[<SearchFilter key="q" source="q" alwaysOn />]}
  />
);

export const VisitLogGrid = () => (
  <GridList
    columns={['pairingId', 'visitedOn', 'mode', 'content', 'followUps', 'followUpDue']}
    frozen={2}
    sort={{ field: 'visitedOn', order: 'DESC' }}
    filters={[<SearchFilter key="q" source="q" alwaysOn />]}
  />
);
