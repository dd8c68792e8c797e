/**
 * What the import's jobs (jobs.ts) and its engines (hubExport.ts, national.ts) agree on: apart from both, so
 * that an engine's types do not name the file that runs it.
 */
import type { Selectable } from 'kysely';
import type { Viewer } from '../access/viewer';
import type { HubDatabase } from '../db/connect';
import type { Locale } from '../errors';
import type { ImportProblem, ImportProgress } from './contract';
import type { TableFile } from './read/index';
import type { ImportCount, ImportJobTable, ImportMissingRecord } from './tables';

export type ImportJobRow = Selectable<ImportJobTable>;

/** What an engine found (preview) or did (apply). */
export interface ImportOutcome {
  counts: ImportCount[];
  problems: ImportProblem[];
  problemCount: number;
  missing: ImportMissingRecord[];
  dataDate: string | null;
}

/** What an engine is given: the job, who runs it, and whether to write. */
export interface EngineRun {
  database: HubDatabase;
  /** the file streams from its path; `sha256` is its hash as read when the run started */
  job: ImportJobRow & { file: TableFile; sha256: string };
  viewer: Viewer;
  locale: Locale;
  /** false: a dry run, rolled back whatever it finds */
  apply: boolean;
  progress(update: Partial<ImportProgress>): void;
}
