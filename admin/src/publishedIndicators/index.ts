import InsightsIcon from '@mui/icons-material/Insights';
import { defineResource } from '../resources/generic';

/** 公布指标 */
export default defineResource('publishedIndicators', InsightsIcon, {
  filters: ['year'],
});
