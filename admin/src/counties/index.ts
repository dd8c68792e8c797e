import PublicIcon from '@mui/icons-material/Public';
import { defineResource } from '../resources/generic';

/** 县 */
export default defineResource('counties', PublicIcon, {
  recordRepresentation: 'name',
});
