import HomeIcon from '@mui/icons-material/Home';
import { defineResource } from '../resources/generic';
import { HouseholdMembers } from './HouseholdMembers';

/** 贫困户 */
export default defineResource('households', HomeIcon, {
  lead: ['householdNumber', 'headName'],
  columns: [
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
    'size',
  ],
  filters: ['status', 'identificationYear', 'mainCause'],
  showExtras: HouseholdMembers,
  recordRepresentation: (record) => `${record.householdNumber}${record.headName ? ` ${record.headName}` : ''}`,
});
