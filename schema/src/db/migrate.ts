import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database';
import { HubError } from './errors';
import { sqlFileMigration, type SqlFileMigration } from './migrationSql';

/**
 * Every migration, named by date and purpose, with the area (folder of schema/src) whose `migrations/` holds
 * its SQL: `<area>/migrations/<name>.sql` and `<name>.down.sql` (see sqlFileMigration). Kysely applies them
 * in name order, each in its own transaction, so a failed one leaves nothing half-applied.
 *
 * A migration that has shipped never changes: a new column, index or code is a new migration, added here
 * and to migrations.sha256 (docs/migrations.md says how; test/migrations.frozen.test.ts checks).
 */
const MIGRATIONS: Record<string, string> = {
  // hub_touch(): the trigger that bumps every record table's version and updated_at on update
  '2026-11-29-01-foundation': 'db',
  // county (县) → township (乡镇) → administrative village (行政村) → group (村民小组/屯), one table per level
  // so every foreign key is honest (a household's village is a village); codes are the 12-digit 统计用区划代码
  '2026-11-29-02-divisions': 'divisions',
  // registered poor households (建档立卡贫困户), their members and their income per year; the head of a
  // household is the member whose relation is HEAD (at most one), not a copy of a name
  '2026-11-29-03-households': 'households',
  // projects with sites and beneficiaries; fund sources allocated to projects and disbursed to payees, with
  // disbursed ≤ allocated ≤ source amount kept by the database (the checks lock the parent row)
  '2026-11-29-04-projects-and-funds': 'projects',
  // twinning assistance (结对帮扶): helper units and cadres, unit ↔ village pairings, village work teams,
  // cadre ↔ household pairings, the measures taken under a pairing and visit logs
  '2026-11-29-05-twinning': 'twinning',
  // users, scopes, sessions, API tokens (secrets stored only as hashes) and the append-only audit log
  '2026-11-29-06-access': 'access',
  // the figures the county is measured by, as data: poverty line per year, targets, published indicators
  '2026-11-29-07-analytics': 'analytics',
  // exit checks as data (脱贫标准): criteria sets and criteria, each a rule over a whitelisted measure, seeded
  // with Guangxi's 八有一超 (households) and 十一有一低于 (villages; what the records cannot show is checked by hand)
  '2026-11-29-08-exit-criteria': 'exit',
  // the change log behind twinningChanges (changeLog.ts, sync.ts): statement-level triggers with transition
  // tables log one row per record change and helper unit that sees it, before or after (no row images). A
  // link change (a pairing made, moved or removed; a cadre moving unit) logs all it brings into or takes out
  // of a unit's reach and takes the advisory lock 45102705 exclusively; every other logged write takes it
  // shared, so no write computes its units from a snapshot that misses a concurrent link change
  '2026-11-29-09-twinning-changes': 'twinning',
  // row-level security behind the graph's scopes (rowSecurity.ts, docs/access.md): the role hub_app, the
  // viewer's scope read from transaction settings, and policies on the personal-data tables
  '2026-11-29-10-row-security': 'access',
  // import jobs, and a link from every audit row an import wrote to its job (so it can be undone)
  '2026-12-02-02-imports': 'import',
  // an import's file moves from its job row onto disk (store.ts); undo runs as a job (UNDOING)
  '2026-12-02-03-import-files-and-undo-jobs': 'import',
  // lists sort empty values last both ways: `desc nulls last, id` indexes for the nullable sortable columns
  '2026-12-02-04-sort-empty-values-last': 'graph',
  // the county's day of record (数据截至日, County.asOf): empty means "as of today"
  '2026-12-02-10-county-day-of-record': 'divisions',
  // a preview's staged rows kept for its apply (import/staged.ts): their own schema, out of hub_app's reach,
  // one unlogged table a job; the job keeps what the staging found and the key the rows were staged under
  '2026-12-02-11-import-staged-rows': 'import',
  // sign-in failures kept in the database, not in one process's memory, so that every worker of
  // `serve --workers N` counts them all (access/throttle.ts); not a record table: nothing edits or audits one
  '2026-12-02-20-sign-in-failures-in-the-database': 'access',
  // the resident ID number's CHECK without an exception block (a subtransaction a row): the same answers, cheaper
  '2026-12-06-01-resident-id-check-without-subtransaction': 'households',
  // figures at ten times the demo (issue 13): household_size also keeps each household's village, status and
  // years and its insured and dropped-out members; household_tally sums it by village × status × years, both
  // kept by statement-level triggers in the writing transaction, under row security like household
  '2026-12-06-03-household-tally': 'analytics',
  // the households search (HouseholdFilter.search) by the beginning of a household number or a member's name
  '2026-12-06-05-household-search': 'households',
  // every server process forgets the viewers it keeps in memory (access/viewerCache.ts) when a credential,
  // a user or a scope changes in a way that may narrow them: NOTIFY in the changing transaction
  '2026-12-06-21-viewer-changes-notify': 'access',
  // members, incomes and cadre–household pairings carry their household's village (kept by triggers), so a
  // clerk's scope and row security test her few villages, not a set of all her households (issue 13)
  '2026-12-06-23-place-of-household-records': 'households',
  // audit rows cheaper to write (an import writes one a record): `at` by BRIN, actor_token_id's index partial,
  // and the actors' foreign keys checked once a statement (a transition table) instead of once a row
  '2026-12-06-24-audit-log-cheaper-writes': 'access',
  // many counties in one hub (issue 16): a user's scope may be counties (a county's administrator or analyst),
  // and row security scopes by them: only the unscoped administrator writes and reads everywhere
  '2026-12-06-26-county-scope': 'access',
  // …and by the beginning of a member's given name, the name without its surname (hub_given_name)
  '2026-12-06-31-member-given-name-search': 'households',
  // a member's insert may name its village (an import's merge knows it): looked up only where it is left empty,
  // and checked once a statement instead of looked up once a row
  '2026-12-06-40-member-place-given-by-its-writer': 'households',
  // a partner unit's pairings and households found through its cadres' index, not a pass over every pairing:
  // the same rows for row security, at a quarter of the cost (issue 13, the partner sync page)
  '2026-12-06-50-partner-scope-by-cadre': 'twinning',
  // household_size and household_tally also keep the households' arable and forest land, so grouped figures
  // that sum or average land read the tally like counts and people (issue 13, grouped figures)
  '2026-12-06-51-household-tally-land': 'analytics',
  // the audit rows' actors read once a statement (their distinct values), not three times: an import's half
  // million audit rows have one actor (issue 11, point 7)
  '2026-12-06-60-audit-actors-read-once': 'access',
  // the county a county-level record takes when its writer names none: the writer's one county, or the hub's
  // only one (issue 16)
  '2026-12-06-65-county-of-a-write': 'divisions',
  // published indicators and targets name their county; unique keys per county (issue 16)
  '2026-12-06-66-county-figures-of-their-county': 'analytics',
  // projects and fund sources are a county's: project codes unique per county, sites and allocations within it
  '2026-12-06-67-projects-and-funds-of-a-county': 'projects',
  // a project's beneficiaries and payees (households, village collectives) are of its county too, and a household,
  // village or township named by a project does not move to another county
  '2026-12-06-73-beneficiaries-and-payees-of-the-project-county': 'projects',
  // an import's new households get their size rows once, after their members, instead of a row each inserted
  // and then updated again (issue 11, point 7); only the owner marks a transaction for it, and it must settle
  '2026-12-07-01-household-sizes-of-a-bulk-insert': 'analytics',
};

export const migrations: Record<string, SqlFileMigration> = Object.fromEntries(
  Object.entries(MIGRATIONS).map(([name, area]) => [name, sqlFileMigration(area, name)]),
);

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
