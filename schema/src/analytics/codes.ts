import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

/** The tables; TARGET_LEVELS: which level of the county a target is set at. */
export const { TARGET_SUBJECTS, INDICATORS, TARGET_LEVELS } = codeTables(codes);

/** What a target (目标任务) counts. Progress is computed from the rows, never typed in. */
export type TargetSubject = CodeOf<typeof TARGET_SUBJECTS>;

/** Published county indicators (统计公报指标), kept as published, not computed from the registry. */
export type Indicator = CodeOf<typeof INDICATORS>;
