import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Role } from './codes';

/** Who is asking, with the scope everything they read or write is bounded by. */
export interface Viewer {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** a partner's unit */
  helperUnitId: number | null;
  /** a clerk's scope */
  townshipIds: number[];
  villageIds: number[];
  /** a county administrator's or a county analyst's counties; empty: the whole hub (issue 16) */
  countyIds: number[];
  /** set when the request came with an API token rather than a session */
  tokenId: number | null;
}

/** Sessions last a working week of inactivity at most. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Session and API tokens are 256-bit random strings; only their SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The user columns and scope arrays of a viewer, selected beside whatever credential row finds the user. */
function viewerColumns(db: Kysely<Database>) {
  return db
    .selectFrom('appUser')
    .select(['appUser.id as userId', 'appUser.username', 'appUser.displayName', 'appUser.role', 'appUser.helperUnitId'])
    .select((eb) => [
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(township_id) filter (where township_id is not null), '{}')`.as('t'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('townshipIds'),
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(village_id) filter (where village_id is not null), '{}')`.as('v'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('villageIds'),
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(county_id) filter (where county_id is not null), '{}')`.as('c'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('countyIds'),
    ])
    .where('appUser.disabledAt', 'is', null);
}

export function toViewer(
  row: {
    userId: number;
    username: string;
    displayName: string;
    role: Role;
    helperUnitId: number | null;
    townshipIds: number[] | null;
    villageIds: number[] | null;
    countyIds?: number[] | null;
  },
  tokenId: number | null,
): Viewer {
  return { ...row, townshipIds: row.townshipIds ?? [], villageIds: row.villageIds ?? [], countyIds: row.countyIds ?? [], tokenId };
}

/**
 * Whether the viewer's role reaches every county: an administrator or analyst with no county scope (the
 * whole hub's administrator, the province's analyst). One scoped to counties reads, and an administrator
 * manages, only those counties' records and users.
 */
export function acrossCounties(viewer: Pick<Viewer, 'role' | 'countyIds'>): boolean {
  return (viewer.role === 'ADMIN' || viewer.role === 'ANALYST') && viewer.countyIds.length === 0;
}

/** A credential's viewer row, and whether its "last seen" (or "last used") mark is due to be written. */
export type CredentialRow = Parameters<typeof toViewer>[0] & {
  tokenId: number | null;
  touchDue: boolean;
  /** when the credential expires, and hub_viewer_version() when it was looked up (access/viewerCache.ts) */
  expiresAt?: Date | null;
  viewerVersion?: number;
};

/** A request's credential: which kind, and its token's SHA-256 in hex (the token itself is not kept). */
export interface Credential {
  kind: 'session' | 'bearer';
  hash: string;
}

/** The credential of a bearer API token or a session cookie's token (the bearer first), or null without one. */
export function credentialOf(credentials: { sessionToken?: string | null; bearerToken?: string | null }): Credential | null {
  if (credentials.bearerToken) return { kind: 'bearer', hash: tokenHash(credentials.bearerToken).toString('hex') };
  if (credentials.sessionToken) return { kind: 'session', hash: tokenHash(credentials.sessionToken).toString('hex') };
  return null;
}

/**
 * The one statement that finds the viewer of a credential — the session or API token (not expired, not
 * revoked), its user (not disabled) and the scope together. Values are inlined as literals (the hash is
 * hex), so that the statement can travel in a simple-protocol batch with the request's `begin`
 * (rowSecurity.ts, db/lazyBegin.ts).
 */
export function credentialLookup(db: Kysely<Database>, credential: Credential) {
  const hash = sql<Buffer>`${sql.lit(`\\x${credential.hash}`)}::bytea`;
  if (credential.kind === 'bearer') {
    return viewerColumns(db)
      .innerJoin('apiToken', 'apiToken.userId', 'appUser.id')
      .select([
        'apiToken.id as tokenId',
        'apiToken.expiresAt',
        sql<number>`hub_viewer_version()`.as('viewerVersion'),
        sql<boolean>`api_token.last_used_at is null or api_token.last_used_at < now() - interval '1 minute'`.as('touchDue'),
      ])
      .where('apiToken.tokenHash', '=', hash)
      .where('apiToken.revokedAt', 'is', null)
      .where('apiToken.expiresAt', '>', sql<Date>`now()`);
  }
  return (
    viewerColumns(db)
      .innerJoin('userSession', 'userSession.userId', 'appUser.id')
      // Sliding expiry, written at most once a minute: a busy grid should not turn every read into a write.
      .select([
        sql<number | null>`null::int`.as('tokenId'),
        'userSession.expiresAt',
        sql<number>`hub_viewer_version()`.as('viewerVersion'),
        sql<boolean>`user_session.last_seen_at < now() - interval '1 minute'`.as('touchDue'),
      ])
      .where('userSession.tokenHash', '=', hash)
      .where('userSession.expiresAt', '>', sql<Date>`now()`)
  );
}

/** Marks a token used, at most once a minute, so a busy sync job does not write on every request. */
async function touchApiToken(db: Kysely<Database>, tokenId: number): Promise<void> {
  await db
    .updateTable('apiToken')
    .set({ lastUsedAt: new Date() })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

/**
 * Writes the credential's "last seen" mark when credentialLookup found it due: the session's sliding expiry,
 * or the API token's last use. Once a minute at most, each in a statement of its own (see asViewer).
 */
export async function touchCredential(db: Kysely<Database>, credential: Credential, row: CredentialRow): Promise<void> {
  if (!row.touchDue) return;
  if (row.tokenId !== null) return touchApiToken(db, row.tokenId);
  if (credential.kind !== 'session') return;
  await db
    .updateTable('userSession')
    .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
    .where('tokenHash', '=', Buffer.from(credential.hash, 'hex'))
    .execute();
}

/**
 * Resolves the credentials a request came with — a session cookie's token or a bearer API token — to a viewer,
 * or null when they are absent, unknown, expired, revoked or belong to a disabled user.
 */
export async function resolveViewer(
  db: Kysely<Database>,
  credentials: { sessionToken?: string | null; bearerToken?: string | null },
): Promise<Viewer | null> {
  const credential = credentialOf(credentials);
  const row = credential && (await credentialLookup(db, credential).executeTakeFirst());
  if (!row) return null;
  await touchCredential(db, credential, row);
  return toViewer(row, row.tokenId);
}

/** The viewer a command line acts as (`pnpm hub export --as USER`); without a name, the first active administrator. */
export async function viewerNamed(db: Kysely<Database>, username: string | null): Promise<Viewer | null> {
  let q = viewerColumns(db);
  q = username
    ? q.where((eb) => eb(eb.fn('lower', ['appUser.username']), '=', username.toLowerCase()))
    : q.where('appUser.role', '=', 'ADMIN').orderBy('appUser.id');
  const row = await q.executeTakeFirst();
  return row ? toViewer(row, null) : null;
}
