import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { povertyLineFields } from './fields';

export const povertyLineResource = recordType('PovertyLine', '扶贫标准', 'Poverty line', {
  public: true,
  description: 'the national poverty line of a year; exit checks compare per-capita net income with it',
  fields: povertyLineFields,
  defaultSort: [asc('year')],
});
