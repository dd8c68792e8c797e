import type { TableName } from '../graph/fields';
import { recordType, type RecordTypeSpec } from '../graph/recordType';

/** Place names and populations, no personal data: everyone signed in reads them. */
export function place<T extends TableName>(name: Capitalize<T>, zh: string, en: string, spec: RecordTypeSpec<T>) {
  return recordType(name, zh, en, { public: true, ...spec });
}
