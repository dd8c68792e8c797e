import ConstructionIcon from '@mui/icons-material/Construction';
import { defineResource } from '../resources/generic';

/** 扶贫项目 */
export default defineResource({
  name: 'projects',
  icon: ConstructionIcon,
  columns: [
    'code',
    'name',
    'year',
    'actionCategory',
    'programme',
    'implementingUnit',
    'budget',
    'status',
    'startDate',
    'endDate',
    'description',
  ],
  frozen: 2,
  filters: ['status', 'year', 'actionCategory'],
  sort: { field: 'year', order: 'DESC' },
  form: [
    'code',
    'name',
    'year',
    'actionCategory',
    'programme',
    'status',
    'implementingUnit',
    'budget',
    'allocatedAmount',
    'disbursedAmount',
    'startDate',
    'endDate',
    'description',
  ],
  recordRepresentation: 'name',
});
