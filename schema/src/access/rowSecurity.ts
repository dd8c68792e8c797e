import { sql, type Kysely } from 'kysely';
import type { HubDatabase, RequestTimeouts } from '../db/connect';
import type { Database, Tx } from '../db/database';
import { resolveViewer, type Viewer } from './viewer';

/** The credentials a request came with, or a viewer already known (the command line acting as a user). */
export type Caller = { sessionToken?: string | null; bearerToken?: string | null } | { viewer: Viewer | null };

/**
 * Runs one request's work in one transaction, as the viewer: the credentials are resolved first (as the
 * connecting role, which the credential tables need, outside the transaction), then the transaction switches to `hub_app` with the
 * viewer's scope in transaction-local settings, so row-level security (access/migrations/2026-11-29-10-row-security.sql) backs up
 * every read and write of `run`, and the settings cannot outlive the transaction on a pooled connection.
 *
 * PGlite is one connection shared by every caller, and Kysely's PGlite driver sends any query made during a
 * transaction into it: requests to an embedded database therefore take turns (it executes one statement
 * at a time anyway), so that one request's scope never covers another's statements.
 */
export function asViewer<T>(database: HubDatabase, caller: Caller, run: (db: Tx, viewer: Viewer | null) => Promise<T>): Promise<T> {
  return inTurn(database, async () => {
    // resolved on its own, before the request's transaction: its "last seen" touch of the session or token
    // commits at once, and does not hold a row lock and a transaction id for the whole request (which would
    // queue the same session's parallel requests and hold back partner sync's transaction horizon)
    const viewer = 'viewer' in caller ? caller.viewer : await resolveViewer(database.db, caller);
    return database.db.transaction().execute(async (tx) => {
      await enterScope(tx, viewer, database.timeouts);
      return run(nestable(tx), viewer);
    });
  });
}

/**
 * Switches the transaction to the application role, scoped to the viewer; no viewer sees no personal data.
 * The timeouts are set here, transaction-local, because a role's `ALTER ROLE … SET` defaults apply only to a
 * session that logs in as it, never to one that switches to it (and `hub_app` cannot log in).
 */
export async function enterScope(tx: Kysely<Database>, viewer: Viewer | null, timeouts: RequestTimeouts): Promise<void> {
  const ids = (values: number[]) => `{${values.join(',')}}`;
  await sql`select set_config('role', 'hub_app', true),
    set_config('statement_timeout', ${`${timeouts.statementMs}ms`}, true),
    set_config('idle_in_transaction_session_timeout', ${`${timeouts.idleInTransactionMs}ms`}, true),
    set_config('hub.viewer_role', ${viewer?.role ?? ''}, true),
    set_config('hub.township_ids', ${ids(viewer?.townshipIds ?? [])}, true),
    set_config('hub.village_ids', ${ids(viewer?.villageIds ?? [])}, true),
    set_config('hub.helper_unit_id', ${viewer?.helperUnitId?.toString() ?? ''}, true)`.execute(tx);
}

/**
 * For a long job in a request's transaction (an import of thousands of rows): lifts the statement limit
 * for the rest of that transaction only. The idle limit stays: a long job is busy, not idle.
 */
export async function allowLongStatements(tx: Kysely<Database>, ms: number): Promise<void> {
  await sql`select set_config('statement_timeout', ${`${ms}ms`}, true)`.execute(tx);
}

/** per database (its Kysely instance, which copies of the HubDatabase share) */
const turns = new WeakMap<object, Promise<unknown>>();

/** On PGlite, one request (or import) at a time; on PostgreSQL each request has its own pooled connection. */
export function inTurn<T>(database: HubDatabase, run: () => Promise<T>): Promise<T> {
  if (database.kind !== 'pglite') return run();
  const previous = turns.get(database.db) ?? Promise.resolve();
  const mine = previous.then(run, run);
  turns.set(database.db, mine.catch(() => {}));
  return mine;
}

/**
 * The request's transaction, as resolvers get it: code that opens a transaction of its own (a write and its
 * audit row, all or nothing) gets a savepoint in the request's, so it works unchanged and a refused write
 * still leaves nothing behind while the request goes on.
 */
function nestable(tx: Tx): Tx {
  const nested = {
    execute: async <T>(run: (tx: Tx) => Promise<T>): Promise<T> => {
      const name = sql.raw(`hub_nested_${++savepoints}`);
      await sql`savepoint ${name}`.execute(tx);
      try {
        const result = await run(nestable(tx));
        await sql`release savepoint ${name}`.execute(tx);
        return result;
      } catch (error) {
        await sql`rollback to savepoint ${name}`.execute(tx);
        throw error;
      }
    },
    // a savepoint keeps the request's isolation level and access mode
    setIsolationLevel: () => nested,
    setAccessMode: () => nested,
  };
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'transaction') return () => nested;
      const value: unknown = Reflect.get(target, property, target);
      // Kysely's classes keep their state in private fields: call their methods on the transaction itself
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
let savepoints = 0;
