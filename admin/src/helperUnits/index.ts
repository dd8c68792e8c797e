import BusinessIcon from '@mui/icons-material/Business';
import { defineResource } from '../resources/generic';

/** 帮扶单位 */
export default defineResource('helperUnits', BusinessIcon, {
  columns: ['name', 'kind', 'level', 'contactName', 'contactPhone'],
  filters: ['kind'],
  recordRepresentation: 'name',
});
