import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';

/** Set (transaction-locally) by a bulk load that writes no change log; the log triggers check it. */
export const BULK_LOAD_SETTING = 'hub.bulk_load';

/**
 * For a bulk load into an empty county (the demo seed): its transaction writes no change log — a partner's
 * first pull is a snapshot, which reads the records themselves — and it expires every cursor handed out
 * before it, exactly as pruning the log up to it would, so no reader can miss what it loaded.
 */
export async function loadWithoutChangeLog(tx: Kysely<Database>): Promise<void> {
  await sql`select set_config(${BULK_LOAD_SETTING}, 'on', true)`.execute(tx);
  await sql`update twinning_change_horizon set pruned_through = greatest(pruned_through, pg_current_xact_id())`.execute(tx);
}
