import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
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
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'role', 'helperUnitId', 'disabledAt'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabledAt) return null;
  const scopes = await db.selectFrom('userScope').select(['townshipId', 'villageId']).where('userId', '=', userId).execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    helperUnitId: user.helperUnitId,
    townshipIds: scopes.flatMap((s) => (s.townshipId === null ? [] : [s.townshipId])),
    villageIds: scopes.flatMap((s) => (s.villageId === null ? [] : [s.villageId])),
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
    // Sliding expiry: each use pushes the end of the session forward.
    const session = await db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
      .where('tokenHash', '=', tokenHash(credentials.sessionToken))
      .where('expiresAt', '>', new Date())
      .returning(['userId'])
      .executeTakeFirst();
    return session ? loadViewer(db, session.userId, null) : null;
  }
  return null;
}
