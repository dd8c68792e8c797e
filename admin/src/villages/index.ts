import CottageIcon from '@mui/icons-material/Cottage';
import { defineResource } from '../resources/generic';

/** 行政村 */
export default defineResource('villages', CottageIcon, {
  columns: ['code', 'name', 'townshipId', 'isPoorVillage', 'ruralPopulation', 'plannedExitYear', 'exitYear'],
  filters: ['isPoorVillage', 'plannedExitYear', 'exitYear'],
  recordRepresentation: 'name',
});
