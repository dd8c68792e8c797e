import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** A migration whose SQL lives in its area's `migrations/` folder; `files` lets the tests hash it. */
export interface SqlFileMigration extends Migration {
  files: { up: string; down: string };
}

/**
 * Declares migration `name` of an area (a folder of schema/src): its statements are the literal text of
 * `<area>/migrations/<name>.sql`, and of `<name>.down.sql` to roll it back. Literal, never built from
 * code tables or constants: a database that ran a migration must get the same statements from every
 * later version (test/migrations.frozen.test.ts hashes the files). Statements are separated by a line
 * holding only `--;;`, each sent as it is written, on PostgreSQL and PGlite alike. The files are read when
 * the migration runs, from the source tree (the hub runs its TypeScript with tsx; nothing bundles it).
 */
export function sqlFileMigration(area: string, name: string): SqlFileMigration {
  const file = (suffix: string) => fileURLToPath(new URL(`../${area}/migrations/${name}${suffix}`, import.meta.url));
  const files = { up: file('.sql'), down: file('.down.sql') };
  const run = async (db: Kysely<unknown>, path: string) => {
    for (const statement of readFileSync(path, 'utf8').split(/^--;;$/m)) {
      if (statement.trim()) await sql.raw(statement).execute(db);
    }
  };
  return { files, up: (db) => run(db, files.up), down: (db) => run(db, files.down) };
}
