import { asc } from '../graph/pagination';
import { ofCounty } from '../graph/place';
import { recordType } from '../graph/recordType';
import { publishedIndicatorFields } from './fields';

export const publishedIndicatorResource = recordType('PublishedIndicator', '公布指标', 'Published indicator', {
  public: true,
  description: 'a county figure as published (rural per-capita net income…), not computed from the registry',
  fields: publishedIndicatorFields,
  // the county that published it: its administrator keeps it, a province analyst reads every county's (issue 16)
  ...ofCounty('published_indicator'),
  defaultSort: [asc('indicator'), asc('year')],
});
