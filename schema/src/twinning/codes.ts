import { codeTable, type CodeOf } from '../db/codeTable';

/** 帮扶单位类型 */
export const HELPER_UNIT_KINDS = codeTable([
  { value: 'GOVERNMENT', zh: '党政机关', en: 'Government department' },
  { value: 'INSTITUTION', zh: '事业单位', en: 'Public institution' },
  { value: 'SOE', zh: '国有企业', en: 'State-owned enterprise' },
  { value: 'PRIVATE_ENTERPRISE', zh: '民营企业', en: 'Private enterprise' },
  { value: 'EAST_WEST', zh: '东西部协作单位', en: 'East–west partner' },
  { value: 'SOCIAL_ORGANIZATION', zh: '社会组织', en: 'Social organisation' },
]);
export type HelperUnitKind = CodeOf<typeof HELPER_UNIT_KINDS>;

/** 单位级别 */
export const HELPER_UNIT_LEVELS = codeTable([
  { value: 'CENTRAL', zh: '中直', en: 'Central' },
  { value: 'REGION', zh: '区直', en: 'Autonomous region' },
  { value: 'CITY', zh: '市直', en: 'City' },
  { value: 'COUNTY', zh: '县直', en: 'County' },
  { value: 'OTHER', zh: '其他', en: 'Other' },
]);
export type HelperUnitLevel = CodeOf<typeof HELPER_UNIT_LEVELS>;

/** 驻村工作队职务 */
export const WORK_TEAM_ROLES = codeTable([
  { value: 'FIRST_SECRETARY', zh: '第一书记', en: 'First secretary' },
  { value: 'TEAM_LEADER', zh: '工作队长', en: 'Work-team leader' },
  { value: 'TEAM_MEMBER', zh: '工作队员', en: 'Work-team member' },
]);
export type WorkTeamRole = CodeOf<typeof WORK_TEAM_ROLES>;

/** 走访方式 */
export const VISIT_MODES = codeTable([
  { value: 'IN_PERSON', zh: '入户走访', en: 'Home visit' },
  { value: 'PHONE', zh: '电话联系', en: 'Phone call' },
  { value: 'VIDEO', zh: '视频联系', en: 'Video call' },
  { value: 'MEETING', zh: '集中座谈', en: 'Group meeting' },
]);
export type VisitMode = CodeOf<typeof VISIT_MODES>;
