import PlaceIcon from '@mui/icons-material/Place';
import { defineResource } from '../resources/generic';

/** 项目实施村 */
export default defineResource('projectSites', PlaceIcon);
