import ConstructionIcon from '@mui/icons-material/Construction';
import { defineResource } from '../resources/generic';
import { ProjectGrid } from './ProjectGrid';

/** 扶贫项目 */
export default defineResource({
  name: 'projects',
  listComponent: ProjectGrid,
  icon: ConstructionIcon,
  list: ['code', 'name', 'year', 'actionCategory', 'programme', 'status', 'budget', 'allocatedAmount', 'disbursedAmount', 'implementingUnit'],
  form: ['code', 'name', 'year', 'actionCategory', 'programme', 'status', 'implementingUnit', 'budget', 'allocatedAmount', 'disbursedAmount', 'startDate', 'endDate', 'description'],
  filters: ['year', 'actionCategory', 'status'],
  sort: { field: 'code', order: 'ASC' },
  recordRepresentation: 'name',
});
