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

async function loadViewer(db: Kysely<Database>, userId: number, tokenId: number | null): Promise<Viewer | null> {
  // one statement: the user with the scope rows gathered as arrays
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'role', 'helperUnitId', 'disabledAt'])
    .select((eb) => [
      eb.selectFrom('userScope').select(sql<number[]>`coalesce(array_agg(township_id) filter (where township_id is not null), '{}')`.as('t')).where('userId', '=', userId).as('townshipIds'),
      eb.selectFrom('userScope').select(sql<number[]>`coalesce(array_agg(village_id) filter (where village_id is not null), '{}')`.as('v')).where('userId', '=', userId).as('villageIds'),
    ])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabledAt) return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    helperUnitId: user.helperUnitId,
    townshipIds: user.townshipIds ?? [],
    villageIds: user.villageIds ?? [],
    tokenId,
  };
}

/**
 * Resolves the credentials a request came with — a session cookie's token or a bearer API token — to a viewer,
 * or null when they are absent, unknown, expired, revoked or belong to a disabled user.
 */
export async function resolveViewer(
  db: Kysely<Database>,
  credentials: { sessionToken?: string | null; bearerToken?: string | null },
): Promise<Viewer | null> {
  if (credentials.bearerToken) {
    const token = await db
      .selectFrom('apiToken')
      .select(['id', 'userId'])
      .where('tokenHash', '=', tokenHash(credentials.bearerToken))
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', new Date())
      .executeTakeFirst();
    if (!token) return null;
    await touchApiToken(db, token.id);
    return loadViewer(db, token.userId, token.id);
  }
  if (credentials.sessionToken) {
    const hash = tokenHash(credentials.sessionToken);
    const session = await db
      .selectFrom('userSession')
      .select(['userId', 'lastSeenAt'])
      .where('tokenHash', '=', hash)
      .where('expiresAt', '>', new Date())
      .executeTakeFirst();
    if (!session) return null;
    // Sliding expiry, written at most once a minute: a busy grid should not turn every read into a write.
    if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
      await db.updateTable('userSession').set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) }).where('tokenHash', '=', hash).execute();
    }
    return loadViewer(db, session.userId, null);
  }
  return null;
}
