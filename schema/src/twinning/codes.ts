import { codeTable, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** 帮扶单位类型 */
export const HELPER_UNIT_KINDS = codeTable(codes.HELPER_UNIT_KINDS);
export type HelperUnitKind = CodeOf<typeof HELPER_UNIT_KINDS>;

/** 单位级别 */
export const HELPER_UNIT_LEVELS = codeTable(codes.HELPER_UNIT_LEVELS);
export type HelperUnitLevel = CodeOf<typeof HELPER_UNIT_LEVELS>;

/** 驻村工作队职务 */
export const WORK_TEAM_ROLES = codeTable(codes.WORK_TEAM_ROLES);
export type WorkTeamRole = CodeOf<typeof WORK_TEAM_ROLES>;

/** 走访方式 */
export const VISIT_MODES = codeTable(codes.VISIT_MODES);
export type VisitMode = CodeOf<typeof VISIT_MODES>;
