import { CompiledQuery, sql, type AliasedExpression, type Kysely, type RawBuilder } from 'kysely';
import type { HubDatabase, RequestTimeouts } from '../db/connect';
import type { Database, Tx } from '../db/database';
import { isDatabaseUnavailable } from '../db/errors';
import { LazyBeginConnection, definePrelude, type PreparedStatement } from '../db/lazyBegin';
import { NeedsPrimary, REPLICA_READERS } from '../db/replica';
import { credentialLookup, credentialOf, toViewer, touchCredential, type Credential, type CredentialRow, type Viewer } from './viewer';

/** The credentials a request came with, or a viewer already known (the command line acting as a user). */
export type Caller = { sessionToken?: string | null; bearerToken?: string | null } | { viewer: Viewer | null };

/**
 * Runs one request's work in one transaction, as the viewer. The transaction's first statement finds the
 * viewer from the credentials (as the connecting role, which the credential tables need) and, in the same
 * statement, switches to `hub_app` with the viewer's scope in transaction-local settings, so row-level security
 * (access/migrations/2026-11-29-10-row-security.sql) backs up every read and write of `run`, and the settings cannot outlive the
 * transaction on a pooled connection. On PostgreSQL that statement travels with the `begin` (db/lazyBegin.ts):
 * the envelope of a request is that one round trip and the `commit`.
 *
 * The credential's "last seen" touch (once a minute at most) is written after the commit, in a statement of
 * its own: inside the request's transaction it would hold the session's row lock and a transaction id for the
 * whole request, queueing the same session's parallel requests behind it and holding back partner sync's
 * transaction horizon. The lookup itself only reads, so it may sit in the transaction; the price is the
 * touch's extra round trip once a minute, and that a request's failure skips its touch (the next one writes it).
 *
 * The `commit` is awaited, also for reads. pg would allow otherwise — a client runs its queued queries in
 * order, so a connection could go back to the pool with its `commit` still on the way and the next request's
 * batch would run after it — but asViewer does not know that `run` wrote nothing (a GraphQL query is only
 * read-only by convention; mutations and exports write), a failed commit could then no longer reach the
 * caller, and the saving is one round trip of latency on a connection that is held anyway.
 *
 * PGlite is one connection shared by every caller, and Kysely's PGlite driver sends any query made during a
 * transaction into it: requests to an embedded database therefore take turns (it executes one statement
 * at a time anyway), so that one request's scope never covers another's statements.
 *
 * `readOnly` work of analysts and partners goes to the read replica when there is one in use (db/replica.ts).
 *
 * `oneRoundTrip` (a GraphQL query) with the viewer known — given, or kept in memory from a recent lookup
 * (viewerCache.ts) — runs without a transaction, each statement in one round trip with its scope
 * (readInOneTrip); otherwise as above, and the lookup's viewer is kept for the next requests.
 */
export function asViewer<T>(
  database: HubDatabase,
  caller: Caller,
  run: (db: Tx, viewer: Viewer | null) => Promise<T>,
  options: { readOnly?: boolean; oneRoundTrip?: boolean } = {},
): Promise<T> {
  const replica = options.readOnly ? database.replica : undefined;
  const toReplica = (viewer: Viewer | null) => !!replica && viewer !== null && REPLICA_READERS.has(viewer.role) && replica.usable();
  if ('viewer' in caller && toReplica(caller.viewer)) return onReplica(database, caller.viewer!, run, options);
  const credential = 'viewer' in caller ? null : credentialOf(caller);
  const cache = options.oneRoundTrip ? database.viewers : undefined;
  if (options.oneRoundTrip && database.kind === 'postgres') {
    // the viewer known without asking the database: given, or a credential looked up moments ago
    const known = 'viewer' in caller ? caller.viewer : credential && cache?.get(credential);
    if (known !== undefined && known !== null) {
      if ('viewer' in caller) return readInOneTrip(database, caller.viewer!, run, null) as Promise<T>;
      const row = known as CredentialRow;
      const viewer = toViewer(row, row.tokenId);
      // on the replica the version cannot be checked (a sequence is replicated ahead of its value): the
      // notification alone clears a changed viewer there
      if (toReplica(viewer)) return onReplica(database, viewer, run, options);
      return readInOneTrip(database, viewer, run, row.viewerVersion ?? null).then((read) => {
        if (read !== STALE) return read;
        // a user, scope or credential changed since the lookup: look the caller up again, as before
        cache?.forget();
        return asViewer(database, caller, run, { ...options, oneRoundTrip: false });
      });
    }
  }
  // a lookup answered after a notification that may concern it is not kept (viewerCache.ts)
  const generation = cache?.generation ?? 0;
  return inTurn(database, async () => {
    // the left join answers a row of nulls for credentials that find no one
    let found: CredentialRow | undefined;
    let routed: Viewer | null = null;
    const result = await database.db.transaction().execute(async (tx) => {
      let viewer: Viewer | null;
      if ('viewer' in caller) {
        viewer = caller.viewer;
        await enterScope(tx, viewer, database.timeouts);
      } else {
        if (credential) found = (await tx.executeQuery(lookupStatement(tx, credential, database.timeouts))).rows[0];
        else await enterScope(tx, null, database.timeouts);
        viewer = found?.userId != null ? toViewer(found, found.tokenId) : null;
        // credentials are always looked up on the primary: a session signed in (or revoked) a moment ago is
        // known there at once; the read itself then goes to the replica, after this transaction
        if (toReplica(viewer)) {
          routed = viewer;
          return undefined;
        }
      }
      return run(nestable(tx), viewer);
    });
    if (found?.userId != null && credential) {
      // a lookup whose "last seen" touch is due is not kept: the touch writes right after, and the next
      // request's lookup finds the credential settled (so a kept entry never holds back a due touch)
      if (!found.touchDue) cache?.keep(credential, found, generation);
      await touchCredential(database.db, credential, found);
    }
    return routed ? onReplica(database, routed, run, options) : (result as T);
  });
}

/**
 * A read-only request's work with its viewer known, in one round trip per statement and no transaction:
 * each statement goes in one round trip behind the prepared statements checking the viewer and setting its
 * scope (db/lazyBegin.ts, scopeEach), which PostgreSQL runs as one implicit transaction. Under read committed,
 * the isolation every request has, each statement takes a snapshot of its own inside a transaction too, so
 * the request's statements lose no consistency they had. A write asked for here is refused (mutations,
 * imports and exports take the transaction path).
 */
function readInOneTrip<T>(
  database: HubDatabase,
  viewer: Viewer,
  run: (db: Tx, viewer: Viewer | null) => Promise<T>,
  /** hub_viewer_version() when a viewer from memory was looked up, checked in each statement's round trip */
  version: number | null,
): Promise<T | typeof STALE> {
  return database.db.connection().execute(async (db) => {
    const connection = await db.getExecutor().provideConnection(async (c) => c);
    if (!(connection instanceof LazyBeginConnection)) throw new Error('one-round-trip reads need the hub’s PostgreSQL driver');
    connection.scopeEach = [scopePrelude(viewer, database.timeouts, version)];
    const stale = () => (connection.scopeFailure as { code?: string } | null)?.code === VIEWER_CHANGED;
    try {
      const value = await run(readOnly(db), viewer);
      return stale() ? STALE : value;
    } catch (error) {
      if (stale()) return STALE;
      throw error;
    } finally {
      connection.scopeEach = null;
      connection.scopeFailure = null;
    }
  });
}

/** the SQLSTATE hub_viewer_unchanged raises (access/migrations/2026-12-06-21-viewer-changes-notify.sql) */
const VIEWER_CHANGED = 'HV001';
/** what readInOneTrip answers when the viewer it was given is no longer the caller's */
const STALE = Symbol('stale viewer');

/**
 * The statement setting a viewer's scope before each statement of a read in one round trip: what
 * scopeStatement sets, from parameters, as a statement PostgreSQL prepares once per connection (db/lazyBegin.ts).
 */
const SCOPE_SETTINGS = `set_config('statement_timeout', $1, true),
  set_config('idle_in_transaction_session_timeout', $2, true),
  set_config('hub.viewer_role', $3, true),
  set_config('hub.township_ids', $4, true),
  set_config('hub.village_ids', $5, true),
  set_config('hub.county_ids', $6, true),
  set_config('hub.helper_unit_id', $7, true),
  set_config('role', 'hub_app', true)`;
const SCOPE = definePrelude('hub_scope', `select\n  ${SCOPE_SETTINGS}`);

/**
 * The same for a viewer from memory, with the check that it is still the caller's: hub_viewer_version() has not
 * moved since the lookup (access/migrations/2026-12-06-21-viewer-changes-notify.sql), or HV001. The sequence is
 * read here directly (what hub_viewer_version() reads, as it reads it), and hub_viewer_unchanged, which raises,
 * is called only when it moved: calling it on every read cost as much as the read itself (a PL/pgSQL call
 * whose SQL function PostgreSQL plans again in each transaction).
 *
 * One statement, not a check and then the scope: one portal fewer for PostgreSQL on every read. The check is
 * a column of its own, never a condition: the settings are made whatever it answers, and when it raises, the
 * implicit transaction fails and the read after it does not run (a condition that filtered the row away
 * would instead leave the read to run with no scope set).
 */
const CHECKED_SCOPE = definePrelude(
  'hub_scope_checked',
  `select
  (select hub_viewer_unchanged($8) where coalesce(pg_sequence_last_value('hub_viewer_version'), 0) <> $8) as unchanged,
  ${SCOPE_SETTINGS}`,
);

/** The parameters of SCOPE_SETTINGS for a viewer, by viewer scope and timeouts: requests of the same viewer reuse them. */
const scopeValues = new Map<string, readonly unknown[]>();
/** the unchecked preludes by scope values */
const uncheckedPreludes = new WeakMap<readonly unknown[], PreparedStatement>();

function scopePrelude(viewer: Viewer, timeouts: RequestTimeouts, version: number | null): PreparedStatement {
  const scope = scopeOf(viewer);
  // keyed on exactly what the statement sets, so no part of a scope can be left out of the key
  const key = JSON.stringify([scope, timeouts.statementMs, timeouts.idleInTransactionMs]);
  let values = scopeValues.get(key);
  if (values === undefined) {
    if (scopeValues.size >= 1000) scopeValues.clear();
    const ids = (values: number[]) => `{${values.join(',')}}`;
    values = [
      `${Math.trunc(timeouts.statementMs)}ms`,
      `${Math.trunc(timeouts.idleInTransactionMs)}ms`,
      scope.role,
      ids(scope.townshipIds),
      ids(scope.villageIds),
      ids(scope.countyIds),
      scope.helperUnitId === null ? '' : String(scope.helperUnitId),
    ];
    scopeValues.set(key, values);
  }
  if (version === null) {
    let prelude = uncheckedPreludes.get(values);
    if (prelude === undefined) uncheckedPreludes.set(values, (prelude = { ...SCOPE, values }));
    return prelude;
  }
  // the version is bound per request like the rest (the driver converts every value on each read anyway)
  return { ...CHECKED_SCOPE, values: [...values, Math.trunc(version)] };
}

/** A read-only request's database handle: asking it for a transaction (a write and its audit row) is an error. */
function readOnly(db: Kysely<Database>): Tx {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction')
        return () => {
          throw new Error('a read-only request (a GraphQL query) opens no transaction');
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Tx;
}

/** The credential lookup's text by credential kind and timeouts, with SOME_HASH where the token's hash goes. */
const lookupTexts = new Map<string, string>();
const SOME_HASH = '0'.repeat(64);

/**
 * The statement finding a credential's viewer and setting its scope (credentialLookup inside `scoped`). Kysely
 * builds and compiles it once per credential kind and timeouts, not for each request; each request only puts
 * its token's hash into the text. The hash is hex, so nothing in it can end the literal it goes into.
 */
function lookupStatement(tx: Kysely<Database>, credential: Credential, timeouts: RequestTimeouts) {
  const key = `${credential.kind} ${timeouts.statementMs} ${timeouts.idleInTransactionMs}`;
  let text = lookupTexts.get(key);
  if (text === undefined) {
    const built = scoped(credentialLookup(tx, { kind: credential.kind, hash: SOME_HASH }), timeouts).compile(tx);
    if (built.parameters.length || built.sql.split(SOME_HASH).length !== 2)
      throw new Error('the credential lookup must hold its hash once, as a literal, and no parameter');
    lookupTexts.set(key, (text = built.sql));
  }
  if (!/^[0-9a-f]{64}$/.test(credential.hash)) throw new Error('a credential hash is 64 hex digits');
  return CompiledQuery.raw(text.replace(SOME_HASH, credential.hash)) as CompiledQuery<CredentialRow & { settings: string[] }>;
}

/**
 * A read-only request's work on the read replica, as the viewer. When the replica cannot be reached (before
 * any of the work ran) or cannot serve the read yet (NeedsPrimary), the work runs on the primary instead:
 * on a replica it can have written nothing.
 */
async function onReplica<T>(
  database: HubDatabase,
  viewer: Viewer,
  run: (db: Tx, viewer: Viewer | null) => Promise<T>,
  options: { oneRoundTrip?: boolean },
): Promise<T> {
  const replica = database.replica!;
  let started = false;
  const oneRoundTrip = options.oneRoundTrip ?? false;
  try {
    return await asViewer(
      replica.database,
      { viewer },
      (db, v) => {
        started = true;
        return run(db, v);
      },
      { oneRoundTrip },
    );
  } catch (error) {
    const unreachable = !started && isDatabaseUnavailable(error);
    if (!unreachable && !(error instanceof NeedsPrimary)) throw error;
    if (unreachable) replica.unreachable(error);
    return asViewer(database, { viewer }, run, { oneRoundTrip });
  }
}

/**
 * Switches the transaction to the application role, scoped to the viewer; no viewer sees no personal data.
 * The timeouts are set here, transaction-local, because a role's `ALTER ROLE … SET` defaults apply only to a
 * session that logs in as it, never to one that switches to it (and `hub_app` cannot log in).
 */
export async function enterScope(tx: Kysely<Database>, viewer: Viewer | null, timeouts: RequestTimeouts): Promise<void> {
  await scopeStatement(tx, viewer, timeouts).execute(tx);
}

/** enterScope's statement: the viewer's scope as literals, set transaction-locally */
function scopeStatement(tx: Kysely<Database>, viewer: Viewer | null, timeouts: RequestTimeouts) {
  const scope = scopeOf(viewer);
  const ids = (values: number[]) => sql`${sql.lit(`{${values.join(',')}}`)}::int[]`;
  const known = tx.selectNoFrom([
    sql<string>`${sql.lit(scope.role)}::text`.as('role'),
    ids(scope.townshipIds).as('townshipIds'),
    ids(scope.villageIds).as('villageIds'),
    ids(scope.countyIds).as('countyIds'),
    sql<number | null>`${scope.helperUnitId === null ? sql`null` : sql.lit(scope.helperUnitId)}::int`.as('helperUnitId'),
  ]);
  return scoped(known, timeouts);
}

/** The part of a viewer that row security reads: what scopeStatement and scopePrelude set, and what the preludes are kept by. */
function scopeOf(viewer: Viewer | null) {
  const ids = (values: number[] | undefined) => (values ?? []).map((id) => Math.trunc(id));
  return {
    role: viewer?.role ?? '',
    townshipIds: ids(viewer?.townshipIds),
    villageIds: ids(viewer?.villageIds),
    countyIds: ids(viewer?.countyIds),
    helperUnitId: viewer?.helperUnitId == null ? null : Math.trunc(viewer.helperUnitId),
  };
}

/**
 * Selects the row of `source` (a viewer's role, township_ids, village_ids, county_ids and helper_unit_id) and sets the
 * transaction's scope from it in the same statement; without a row, the empty scope. The role switch comes
 * last in the select list, after the source's row was read as the connecting role (privileges are checked
 * when the statement starts, so the switch does not affect this statement's reads). Literals only, no
 * parameters: the statement may share a simple-protocol batch with `begin`.
 */
function scoped<R>(source: { as(alias: 'v'): AliasedExpression<R, 'v'> }, timeouts: RequestTimeouts) {
  const setting = (name: string, value: RawBuilder<unknown>) => sql`set_config(${sql.lit(name)}, ${value}, true)`;
  return sql<R & { settings: string[] }>`select v.*, array[
      ${setting('statement_timeout', sql.lit(`${Math.trunc(timeouts.statementMs)}ms`))},
      ${setting('idle_in_transaction_session_timeout', sql.lit(`${Math.trunc(timeouts.idleInTransactionMs)}ms`))},
      ${setting('hub.viewer_role', sql`coalesce(v.role::text, '')`)},
      ${setting('hub.township_ids', sql`coalesce(v.township_ids::text, '{}')`)},
      ${setting('hub.village_ids', sql`coalesce(v.village_ids::text, '{}')`)},
      ${setting('hub.county_ids', sql`coalesce(v.county_ids::text, '{}')`)},
      ${setting('hub.helper_unit_id', sql`coalesce(v.helper_unit_id::text, '')`)},
      ${setting('role', sql.lit('hub_app'))}] as settings
    from (select 1) as one left join lateral ${source.as('v')} on true`;
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
  turns.set(
    database.db,
    mine.catch(() => {}),
  );
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
