import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

export const { ACTION_CATEGORIES, PROGRAMMES, PROJECT_STATUSES, FUND_LEVELS, PAYEE_TYPES } = codeTables(codes);

/** The ten actions (十大行动), each "to village and household" (到村到户): the categories of projects and measures. */
export type ActionCategory = CodeOf<typeof ACTION_CATEGORIES>;

/** The four programmes (四大工程) of the county's plan. */
export type Programme = CodeOf<typeof PROGRAMMES>;

/** 项目状态, in the order a project moves through them. */
export type ProjectStatus = CodeOf<typeof PROJECT_STATUSES>;

/** 资金级次 */
export type FundLevel = CodeOf<typeof FUND_LEVELS>;

/** 收款方类型 */
export type PayeeType = CodeOf<typeof PAYEE_TYPES>;
