import HomeIcon from '@mui/icons-material/Home';
import { defineResource } from '../resources/generic';
import { HouseholdGrid } from './HouseholdGrid';
import { HouseholdMembers } from './HouseholdMembers';

/** 贫困户 */
export default defineResource({
  name: 'households',
  listComponent: HouseholdGrid,
  icon: HomeIcon,
  list: ['householdNumber', 'headName', 'villageId', 'attribute', 'status', 'mainCause', 'size', 'identificationYear', 'exitYear', 'phone'],
  form: ['householdNumber', 'villageId', 'groupId', 'headName', 'size', 'address', 'phone', 'attribute', 'status', 'mainCause', 'secondaryCauses', 'identificationYear', 'plannedExitYear', 'exitYear', 'returnYear', 'continuedSupport', 'housingDangerLevel', 'hasSafeWater', 'hasPower', 'hasRoad', 'hasTv', 'arableLandMu', 'forestLandMu', 'note'],
  filters: ['status', 'attribute', 'mainCause', 'identificationYear', 'plannedExitYear', 'exitYear'],
  showExtras: HouseholdMembers,
  sort: { field: 'householdNumber', order: 'ASC' },
  recordRepresentation: (record) => `${record.householdNumber}${record.headName ? ` ${record.headName}` : ''}`,
});
