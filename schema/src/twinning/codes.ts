import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

export const { HELPER_UNIT_KINDS, HELPER_UNIT_LEVELS, WORK_TEAM_ROLES, VISIT_MODES } = codeTables(codes);

/** 帮扶单位类型 */
export type HelperUnitKind = CodeOf<typeof HELPER_UNIT_KINDS>;

/** 单位级别 */
export type HelperUnitLevel = CodeOf<typeof HELPER_UNIT_LEVELS>;

/** 驻村工作队职务 */
export type WorkTeamRole = CodeOf<typeof WORK_TEAM_ROLES>;

/** 走访方式 */
export type VisitMode = CodeOf<typeof VISIT_MODES>;
