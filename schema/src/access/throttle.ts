import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * Sign-in throttling, per account and per address: after too many failures in a window, further attempts
 * are refused until the window passes — whether or not the password would be right. The failures are kept in
 * the database (access/migrations/2026-12-02-20-sign-in-failures-in-the-database.sql), timed by its clock, so that every worker of `serve --workers N` counts
 * the same ones, and a restart forgets nothing.
 */
const WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

function keysOf(username: string, address: string | null): [string, number][] {
  const keys: [string, number][] = [[`user:${username.toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT]];
  if (address) keys.push([`addr:${address}`, MAX_FAILURES_PER_ADDRESS]);
  return keys;
}

/** Seconds until `username` from `address` may try again, or 0 when it may try now. */
export async function signInBlockedFor(db: Kysely<Database>, username: string, address: string | null): Promise<number> {
  const keys = keysOf(username, address);
  // each key's failures in the window, newest first, as seconds left until each leaves the window
  const { rows } = await sql<{ key: string; left: number[] }>`
    select key, array_agg(extract(epoch from failed_at + ${sql.lit(`${WINDOW_MINUTES} minutes`)}::interval - now())::float8 order by failed_at desc) as left
    from sign_in_failure
    where key in (${sql.join(keys.map(([key]) => key))}) and failed_at > now() - ${sql.lit(`${WINDOW_MINUTES} minutes`)}::interval
    group by key`.execute(db);
  let wait = 0;
  for (const { key, left } of rows) {
    const max = keys.find(([k]) => k === key)![1];
    // blocked until the oldest of the last `max` failures leaves the window
    if (left.length >= max) wait = Math.max(wait, Math.ceil(left[max - 1]!));
  }
  return wait;
}

/** Counts a failed sign-in against the account and the address; failures past the window are swept here. */
export async function recordSignInFailure(db: Kysely<Database>, username: string, address: string | null): Promise<void> {
  await sql`with swept as (delete from sign_in_failure where failed_at < now() - ${sql.lit(`${WINDOW_MINUTES} minutes`)}::interval)
    insert into sign_in_failure (key) values ${sql.join(keysOf(username, address).map(([key]) => sql`(${key})`))}`.execute(db);
}

/** A successful sign-in clears its account's failures (not its address's: one right password opens no door for others). */
export async function clearSignInFailures(db: Kysely<Database>, username: string): Promise<void> {
  await sql`delete from sign_in_failure where key = ${`user:${username.toLowerCase()}`}`.execute(db);
}
