// The schema package's public surface: what the server, the CLI and the tests use.
export { connect, REQUEST_TIMEOUTS, type HubDatabase, type ConnectOptions, type RequestTimeouts } from './db/connect';
export { migrateToLatest, pendingMigrations, migrateToEmpty, migrations } from './db/migrate';
export { HubError, isDatabaseUnavailable } from './db/errors';
export { NeedsPrimary, ReadReplica, REPLICA_MAX_LAG_MS, type ReplicaStatus } from './db/replica';
export { backupDatabase, restoreDatabase, postgresTool, type BackupTarget, type DatabaseSummary } from './db/backup';
export type { Database, Db, Tx } from './db/database';
export { schema, printHubSchema } from './schema';
export { hubContext, type HubContext, type SessionControl, type Locale } from './context';
export { resolveViewer, viewerNamed, type Viewer } from './access/viewer';
export { asViewer, enterScope, allowLongStatements, type Caller } from './access/rowSecurity';
export { createUser, type NewUser } from './access/users';
export { ping } from './db/ping';
export { hasData, existingUsernames } from './db/hasData';
export { costAndDepthRule, LIMITS } from './graph/limits';
export { refuseNul } from './graph/textArguments';
export { rawAnswer, type RawOperation } from './graph/rawAnswer';
export {
  prepareExport,
  EXPORT_STALL_MS,
  ExportAborted,
  type ExportAbortReason,
  type ExportRequest,
  type PreparedExport,
} from './export/export';
export { formatOf, EXPORT_CONTENT_TYPES, type ExportFormat } from './export/format';
export { ImportRefused } from './import/importer';
export {
  confirmJob,
  createImportJob,
  failInterruptedImports,
  importJobGlobalId,
  markedWorkbookOf,
  runImport,
  runInBackground,
  type ImportJobRow,
} from './import/jobs';
export { DEFAULT_IMPORT_LIMITS } from './import/read/index';
