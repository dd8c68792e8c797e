import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import { accessMigration } from '../access/migration';
import { analyticsMigration } from '../analytics/migration';
import { dayOfRecordMigration } from '../divisions/dayOfRecordMigration';
import { divisionsMigration } from '../divisions/migration';
import { exitMigration } from '../exit/migration';
import { householdsMigration } from '../households/migration';
import { importFilesMigration } from '../import/fileMigration';
import { importsMigration } from '../import/migration';
import { projectsMigration } from '../projects/migration';
import { twinningChangesMigration } from '../twinning/changesMigration';
import { rowSecurityMigration } from '../access/rowSecurityMigration';
import { throttleMigration } from '../access/throttleMigration';
import { sortNullsLastMigration } from '../graph/sortMigration';
import { twinningMigration } from '../twinning/migration';
import type { Database } from './database';
import { HubError } from './errors';
import { foundationMigration } from './foundationMigration';

/**
 * Every migration, named by date and purpose; Kysely applies them in name order, each in its own
 * transaction, so a failed one leaves nothing half-applied. Never edit a merged migration: add one.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-29-01-foundation': foundationMigration,
  '2026-11-29-02-divisions': divisionsMigration,
  '2026-11-29-03-households': householdsMigration,
  '2026-11-29-04-projects-and-funds': projectsMigration,
  '2026-11-29-05-twinning': twinningMigration,
  '2026-11-29-06-access': accessMigration,
  '2026-11-29-07-analytics': analyticsMigration,
  '2026-11-29-08-exit-criteria': exitMigration,
  '2026-11-29-09-twinning-changes': twinningChangesMigration,
  '2026-11-29-10-row-security': rowSecurityMigration,
  '2026-12-02-02-imports': importsMigration,
  '2026-12-02-03-import-files-and-undo-jobs': importFilesMigration,
  '2026-12-02-04-sort-empty-values-last': sortNullsLastMigration,
  '2026-12-02-10-county-day-of-record': dayOfRecordMigration,
  '2026-12-02-20-sign-in-failures-in-the-database': throttleMigration,
};

function migrator(db: Kysely<Database>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'hub_migration',
    migrationLockTableName: 'hub_migration_lock',
  });
}

function explain(result: MigrationResultSet): string[] {
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    if (/corrupted migrations/i.test(message)) {
      throw new HubError(
        `数据库中的迁移记录与本程序不一致（${message}）：该数据库可能由更新或不同版本的 fupin-hub 创建。请使用对应版本，或换一个空数据库。数据未作任何改动。`,
        `The database's migration history does not match this program (${message}): it was probably created by a newer or different fupin-hub. Use that version or an empty database. Nothing was changed.`,
        { cause: result.error },
      );
    }
    throw new HubError(
      `迁移 ${failed ?? ''} 失败：${message}。该迁移已整体回滚，数据未改动；请修正问题后重试 pnpm hub migrate。`,
      `Migration ${failed ?? ''} failed: ${message}. It was rolled back as a whole and no data changed; fix the cause and run pnpm hub migrate again.`,
      { cause: result.error },
    );
  }
  return explain(result);
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

/** Rolls every migration back (tests of `down`). */
export async function migrateToEmpty(db: Kysely<Database>): Promise<void> {
  const { NO_MIGRATIONS } = await import('kysely/migration');
  const result = await migrator(db).migrateTo(NO_MIGRATIONS);
  if (result.error) throw result.error;
}
