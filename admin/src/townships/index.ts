import LocationCityIcon from '@mui/icons-material/LocationCity';
import { defineResource } from '../resources/generic';

/** 乡镇 */
export default defineResource('townships', LocationCityIcon, {
  columns: ['code', 'name', 'countyId'],
  recordRepresentation: 'name',
});
