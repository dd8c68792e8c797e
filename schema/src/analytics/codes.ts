import { codeTable, type CodeOf } from '../db/codeTable';

/** What a target (目标任务) counts. Progress is computed from the rows, never typed in. */
export const TARGET_SUBJECTS = codeTable([
  { value: 'PEOPLE_EXITED', zh: '贫困人口脱贫（人）', en: 'People lifted out of poverty' },
  { value: 'HOUSEHOLDS_EXITED', zh: '贫困户脱贫（户）', en: 'Households lifted out of poverty' },
  { value: 'VILLAGES_EXITED', zh: '贫困村脱贫摘帽（个）', en: 'Poor villages exiting' },
  { value: 'VILLAGE_EXIT_PLANS', zh: '贫困村脱贫摘帽规划（个）', en: 'Village exit plans drawn up' },
]);
export type TargetSubject = CodeOf<typeof TARGET_SUBJECTS>;

/** Published county indicators (统计公报指标), kept as published, not computed from the registry. */
export const INDICATORS = codeTable([
  { value: 'RURAL_NET_INCOME_PER_CAPITA', zh: '农村居民人均纯收入（元）', en: 'Rural per-capita net income (yuan)' },
  { value: 'RURAL_DISPOSABLE_INCOME_PER_CAPITA', zh: '农村居民人均可支配收入（元）', en: 'Rural per-capita disposable income (yuan)' },
]);
export type Indicator = CodeOf<typeof INDICATORS>;
