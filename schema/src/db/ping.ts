import { sql, type Kysely } from 'kysely';

/** True when the database answers (the server's /healthz). */
export async function ping<DB>(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
