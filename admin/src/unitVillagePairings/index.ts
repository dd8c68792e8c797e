import HandshakeIcon from '@mui/icons-material/Handshake';
import { defineResource } from '../resources/generic';

/** 定点帮扶（单位—村） */
export default defineResource({
  name: 'unitVillagePairings',
  icon: HandshakeIcon,
  columns: ['helperUnitId', 'villageId', 'isLead', 'startDate', 'endDate'],
  form: ['helperUnitId', 'villageId', 'isLead', 'startDate', 'endDate', 'note'],
});
