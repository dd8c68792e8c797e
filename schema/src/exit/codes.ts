import { codeTables, type CodeOf } from '../db/codeTable';
import codes from './codes.json';

export const { EXIT_LEVELS, EXIT_MEASURES, EXIT_OPERATORS, EXIT_THRESHOLD_SOURCES, EXIT_OUTCOMES } = codeTables(codes);

/** What a criteria set tests: a household (贫困户脱贫) or a poor village (贫困村摘帽). */
export type ExitLevel = CodeOf<typeof EXIT_LEVELS>;

/**
 * The vocabulary a criterion's rule may use (指标): a fixed, whitelisted list, each computed by SQL written
 * in `measures.ts`. A county edits which measures a set uses and their thresholds, never SQL.
 * Household measures start with H_, village measures with V_.
 */
export type ExitMeasure = CodeOf<typeof EXIT_MEASURES>;

export const levelOfMeasure = (measure: string): ExitLevel => (measure.startsWith('H_') ? 'HOUSEHOLD' : 'VILLAGE');
/** Yes/no measures compare as 1 (yes) and 0 (no). */
export const BOOLEAN_MEASURES: ReadonlySet<string> = new Set([
  'H_INCOME_OR_DIBAO',
  'H_HOUSING_SAFE',
  'H_HAS_ROAD',
  'H_HAS_SAFE_WATER',
  'H_HAS_POWER',
  'H_HAS_TV',
]);

/** How a measure is compared with the threshold. */
export type ExitOperator = CodeOf<typeof EXIT_OPERATORS>;

/** What the measure is compared with: the threshold typed in, or the poverty line (扶贫标准) of the year checked. */
export type ExitThresholdSource = CodeOf<typeof EXIT_THRESHOLD_SOURCES>;

/** A criterion's result for one household or village. */
export type ExitOutcome = CodeOf<typeof EXIT_OUTCOMES>;
