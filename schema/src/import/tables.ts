import type { ColumnType, Generated } from 'kysely';
import type { IsoDate, RecordColumns } from '../db/columns';
import type { ImportKind, ImportStatus } from './codes';
import type { ImportProblem, ImportProgress } from './contract';
import type { SheetStart } from './read/index';

/** A count of what an import does (or would do) to one record type. */
export interface ImportCount {
  recordType: string;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** A record in the hub that the file does not have (a member of an imported household): deleted only when asked. */
export interface ImportMissingRecord {
  recordType: string;
  id: number;
  label: string;
}

/** What a staging found beside the rows, kept on the job (staged.ts). */
export interface StagedRows {
  key: string;
  sheets: SheetStart[];
  rowsTotal: number;
  /** problems the rows had on their own (a preview with any is refused, so kept rows have none) */
  problemCount: number;
}

type Json<T> = ColumnType<T, string | undefined, string>;

export interface ImportJobTable extends RecordColumns {
  list: string;
  kind: ImportKind;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  /** the file on disk (store.ts) while the job needs it */
  filePath: string | null;
  createdByUserId: number | null;
  createdByName: string;
  /** who asked for the undo (it runs in their scope) */
  undoneByUserId: Generated<number | null>;
  locale: Generated<'zh' | 'en'>;
  deleteMissing: Generated<boolean>;
  status: ImportStatus;
  progress: Json<ImportProgress>;
  counts: Json<ImportCount[]>;
  problemCount: Generated<number>;
  problems: Json<ImportProblem[]>;
  missing: Json<ImportMissingRecord[]>;
  dataDate: IsoDate | null;
  failure: string | null;
  /** a preview's staged rows, kept for its apply (staged.ts) */
  staged: ColumnType<StagedRows | null, string | null | undefined, string | null>;
  finishedAt: Date | null;
  undoneAt: Date | null;
}

export interface ImportTables {
  importJob: ImportJobTable;
}
