import StraightenIcon from '@mui/icons-material/Straighten';
import { defineResource } from '../resources/generic';

/** 扶贫标准 */
export default defineResource('povertyLines', StraightenIcon, {
  recordRepresentation: (record) => String(record.year),
});
