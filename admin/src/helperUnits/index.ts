import BusinessIcon from '@mui/icons-material/Business';
import { defineResource } from '../resources/generic';

/** 帮扶单位 */
export default defineResource({
  name: 'helperUnits',
  icon: BusinessIcon,
  columns: ['name', 'kind', 'level', 'contactName', 'contactPhone'],
  form: ['name', 'kind', 'level', 'contactName', 'contactPhone', 'address'],
  filters: ['kind'],
  sort: { field: 'name', order: 'ASC' },
  recordRepresentation: 'name',
});
