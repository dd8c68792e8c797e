import { codeTable, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** What a target (目标任务) counts. Progress is computed from the rows, never typed in. */
export const TARGET_SUBJECTS = codeTable(codes.TARGET_SUBJECTS);
export type TargetSubject = CodeOf<typeof TARGET_SUBJECTS>;

/** Published county indicators (统计公报指标), kept as published, not computed from the registry. */
export const INDICATORS = codeTable(codes.INDICATORS);
export type Indicator = CodeOf<typeof INDICATORS>;

/** Which level of the county a target is set at. */
export const TARGET_LEVELS = codeTable(codes.TARGET_LEVELS);
