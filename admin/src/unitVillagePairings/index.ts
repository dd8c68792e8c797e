import HandshakeIcon from '@mui/icons-material/Handshake';
import { defineResource } from '../resources/generic';

/** 定点帮扶（单位—村） */
export default defineResource('unitVillagePairings', HandshakeIcon, {
  columns: ['helperUnitId', 'villageId', 'isLead', 'startDate', 'endDate'],
});
