import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { newToken, tokenHash } from './viewer';

/** API tokens are prefixed so that a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'fph_';

/** Creates a token for a user; the plain token is returned this once and only its hash is kept. */
export async function createApiToken(db: Kysely<Database>, userId: number, name: string, expiresAt: Date) {
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const row = await db
    .insertInto('apiToken')
    .values({ userId, name, tokenHash: tokenHash(token), expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, row };
}

/**
 * Revokes every active token of a user (deactivation, password reset: see docs/access.md, "Tokens after a
 * password reset or deactivation"). Returns how many, for the audit entry.
 */
export async function revokeApiTokens(db: Kysely<Database>, userId: number): Promise<number> {
  const revoked = await db
    .updateTable('apiToken')
    .set({ revokedAt: new Date() })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .returning('id')
    .execute();
  return revoked.length;
}
