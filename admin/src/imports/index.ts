import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { HubResource } from '../resources/generic';
import { ImportCreate } from './ImportCreate';
import { ImportList } from './ImportList';
import { ImportShow } from './ImportShow';

/** 导入记录: the import jobs (list), the upload page (create, `?list=households`) and a job's page (show). */
const imports: HubResource = {
  name: 'imports',
  icon: UploadFileIcon,
  module: { list: ImportList, create: ImportCreate, show: ImportShow, icon: UploadFileIcon, recordRepresentation: 'fileName' },
};
export default imports;
