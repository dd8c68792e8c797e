import InsightsIcon from '@mui/icons-material/Insights';
import { defineResource } from '../resources/generic';

/** 公布指标 */
export default defineResource({
  name: 'publishedIndicators',
  icon: InsightsIcon,
  columns: ['year', 'indicator', 'value', 'source'],
  filters: ['year'],
  sort: { field: 'year', order: 'ASC' },
});
