import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { writeAudit } from './audit';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import { SESSION_TTL_MS, newToken, tokenHash } from './viewer';

/**
 * Checks a username and password and opens a session. Returns null for any failure — unknown user,
 * wrong password, disabled account — so that the answer does not tell which usernames exist.
 */
export async function signIn(
  db: Kysely<Database>,
  username: string,
  password: string,
): Promise<{ userId: number; token: string; expiresAt: Date } | null> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'passwordHash', 'disabledAt'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.trim().toLowerCase()))
    .executeTakeFirst();
  // Always run the KDF, so that unknown usernames take as long as known ones.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !user.passwordHash || user.disabledAt || !ok) return null;
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('userSession')
      .values({ userId: user.id, tokenHash: tokenHash(token), expiresAt })
      .execute();
    await writeAudit(tx, { userId: user.id, username: user.username }, { operation: 'SIGN_IN', recordType: 'User', recordId: user.id });
    // Expired sessions are of no use to anyone; sweep them while we are here.
    await tx.deleteFrom('userSession').where('expiresAt', '<', new Date()).execute();
  });
  return { userId: user.id, token, expiresAt };
}

export async function signOut(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('userSession').where('tokenHash', '=', tokenHash(token)).execute();
}
