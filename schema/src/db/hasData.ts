import type { Kysely } from 'kysely';
import type { Database } from './database';

/** Whether the database holds any records yet (a fresh one gets the demo county on `start`). */
export async function hasData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('county').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The usernames among `names` that exist (the CLI lists the demo accounts only when they are there). */
export async function existingUsernames(db: Kysely<Database>, names: string[]): Promise<string[]> {
  const rows = await db.selectFrom('appUser').select('username').where('username', 'in', names).execute();
  return rows.map((r) => r.username);
}
