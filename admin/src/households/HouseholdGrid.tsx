import { GridList } from '../grid/GridList';

/** 贫困户 as a spreadsheet: household number and head frozen; found by name, ID number or number */
export const HouseholdGrid = () => (
  <GridList
    columns={['householdNumber', 'headName', 'villageId', 'phone', 'attribute', 'status', 'identificationYear', 'plannedExitYear', 'exitYear', 'mainCause', 'secondaryCauses', 'continuedSupport', 'housingDangerLevel', 'hasSafeWater', 'hasPower', 'hasRoad', 'hasTv', 'arableLandMu', 'forestLandMu', 'address', 'note', 'size']}
    frozen={2}
    search="households"
    filters={['status', 'identificationYear', 'mainCause']}
    sort={{ field: 'householdNumber', order: 'ASC' }}
  />
);
