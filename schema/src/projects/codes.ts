import { codeTable, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** The ten actions (十大行动), each "to village and household" (到村到户): the categories of projects and measures. */
export const ACTION_CATEGORIES = codeTable(codes.ACTION_CATEGORIES);
export type ActionCategory = CodeOf<typeof ACTION_CATEGORIES>;

/** The four programmes (四大工程) of the county's plan. */
export const PROGRAMMES = codeTable(codes.PROGRAMMES);
export type Programme = CodeOf<typeof PROGRAMMES>;

/** 项目状态, in the order a project moves through them. */
export const PROJECT_STATUSES = codeTable(codes.PROJECT_STATUSES);
export type ProjectStatus = CodeOf<typeof PROJECT_STATUSES>;

/** 资金级次 */
export const FUND_LEVELS = codeTable(codes.FUND_LEVELS);
export type FundLevel = CodeOf<typeof FUND_LEVELS>;

/** 收款方类型 */
export const PAYEE_TYPES = codeTable(codes.PAYEE_TYPES);
export type PayeeType = CodeOf<typeof PAYEE_TYPES>;
