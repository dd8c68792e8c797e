import { sql, type SqlBool } from 'kysely';
import { asc } from '../graph/pagination';
import { recordType } from '../graph/recordType';
import { inVillage } from '../graph/place';
import { workTeamAssignmentFields } from './fields';
import { unitCadres } from './reach';
import { periodRules } from './rules';

export const workTeamAssignmentResource = recordType('WorkTeamAssignment', '驻村工作队', 'Work-team assignment', {
  ...inVillage('work_team_assignment'),
  description: 'a cadre stationed in a village’s work team (驻村工作队); one current first secretary (第一书记) per village',
  fields: workTeamAssignmentFields,
  partner: (_eb, unit) => sql<SqlBool>`work_team_assignment.cadre_id in (${unitCadres(unit)})`,
  defaultSort: [asc('villageId'), asc('role')],
  rules: periodRules,
});
