import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Role } from './codes';
import { touchApiToken } from './tokens';

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
      eb.selectFrom('userScope').select(sql<number[]>`coalesce(array_agg(township_id) filter (where township_id is not null), '{}')`.as('t')).whereRef('userScope.userId', '=', 'appUser.id').as('townshipIds'),
      eb.selectFrom('userScope').select(sql<number[]>`coalesce(array_agg(village_id) filter (where village_id is not null), '{}')`.as('v')).whereRef('userScope.userId', '=', 'appUser.id').as('villageIds'),
    ])
    .where('appUser.disabledAt', 'is', null);
}

function toViewer(row: { userId: number; username: string; displayName: string; role: Role; helperUnitId: number | null; townshipIds: number[] | null; villageIds: number[] | null }, tokenId: number | null): Viewer {
  return { ...row, townshipIds: row.townshipIds ?? [], villageIds: row.villageIds ?? [], tokenId };
}

/**
 * Resolves the credentials a request came with — a session cookie's token or a bearer API token — to a viewer,
 * or null when they are absent, unknown, expired, revoked or belong to a disabled user.
 */
export async function resolveViewer(
  db: Kysely<Database>,
  credentials: { sessionToken?: string | null; bearerToken?: string | null },
): Promise<Viewer | null> {
  // One statement a request: the credential, the user (not disabled) and the scope together.
  if (credentials.bearerToken) {
    const row = await viewerColumns(db)
      .innerJoin('apiToken', 'apiToken.userId', 'appUser.id')
      .select('apiToken.id as tokenId')
      .where('apiToken.tokenHash', '=', tokenHash(credentials.bearerToken))
      .where('apiToken.revokedAt', 'is', null)
      .where('apiToken.expiresAt', '>', new Date())
      .executeTakeFirst();
    if (!row) return null;
    await touchApiToken(db, row.tokenId);
    return toViewer(row, row.tokenId);
  }
  if (credentials.sessionToken) {
    const hash = tokenHash(credentials.sessionToken);
    const row = await viewerColumns(db)
      .innerJoin('userSession', 'userSession.userId', 'appUser.id')
      .select('userSession.lastSeenAt')
      .where('userSession.tokenHash', '=', hash)
      .where('userSession.expiresAt', '>', new Date())
      .executeTakeFirst();
    if (!row) return null;
    // Sliding expiry, written at most once a minute: a busy grid should not turn every read into a write.
    if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
      await db.updateTable('userSession').set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) }).where('tokenHash', '=', hash).execute();
    }
    return toViewer(row, null);
  }
  return null;
}

/** The viewer a command line acts as (`pnpm hub export --as USER`); without a name, the first active administrator. */
export async function viewerNamed(db: Kysely<Database>, username: string | null): Promise<Viewer | null> {
  let q = viewerColumns(db);
  q = username ? q.where((eb) => eb(eb.fn('lower', ['appUser.username']), '=', username.toLowerCase())) : q.where('appUser.role', '=', 'ADMIN').orderBy('appUser.id');
  const row = await q.executeTakeFirst();
  return row ? toViewer(row, null) : null;
}
