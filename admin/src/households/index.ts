import HomeIcon from '@mui/icons-material/Home';
import { defineResource } from '../resources/generic';
import { HouseholdMembers } from './HouseholdMembers';

/** 贫困户 */
export default defineResource({
  name: 'households',
  icon: HomeIcon,
  columns: ['householdNumber', 'headName', 'villageId', 'phone', 'attribute', 'status', 'identificationYear', 'plannedExitYear', 'exitYear', 'mainCause', 'secondaryCauses', 'continuedSupport', 'housingDangerLevel', 'hasSafeWater', 'hasPower', 'hasRoad', 'hasTv', 'arableLandMu', 'forestLandMu', 'address', 'note', 'size'],
  frozen: 2,
  filters: ['status', 'identificationYear', 'mainCause'],
  sort: { field: 'householdNumber', order: 'ASC' },
  form: ['householdNumber', 'villageId', 'groupId', 'headName', 'size', 'address', 'phone', 'attribute', 'status', 'mainCause', 'secondaryCauses', 'identificationYear', 'plannedExitYear', 'exitYear', 'returnYear', 'continuedSupport', 'housingDangerLevel', 'hasSafeWater', 'hasPower', 'hasRoad', 'hasTv', 'arableLandMu', 'forestLandMu', 'note'],
  showExtras: HouseholdMembers,
  recordRepresentation: (record) => `${record.householdNumber}${record.headName ? ` ${record.headName}` : ''}`,
});
