import { asc, desc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { children } from '../graph/resource';
import { exitCriteriaSetFields } from './fields';

export const exitCriteriaSetResource = recordType('ExitCriteriaSet', '脱贫标准', 'Exit criteria set', {
  public: true, // the rules are public policy: everyone signed in reads them, administrators edit them
  description: 'the test a household or poor village must pass to exit (广西 八有一超 / 十一有一低于), in force in a region from a year',
  fields: exitCriteriaSetFields,
  defaultSort: [asc('level'), desc('fromYear')],
});
children(exitCriteriaSetResource, 'criteriaSetId', { criteria: { list: 'ExitCriterion', zh: '脱贫指标', en: 'Criteria' } });
