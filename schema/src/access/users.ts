import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Role } from './codes';
import { hashPassword } from './password';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password?: string;
  /** a partner's helper unit */
  helperUnitId?: number | null;
  /** a clerk's scope */
  townshipIds?: number[];
  villageIds?: number[];
}

/** Creates a user with its scope. Run it inside a transaction when it must go with other writes. */
export async function createUser(db: Kysely<Database>, user: NewUser): Promise<number> {
  const { id } = await db
    .insertInto('appUser')
    .values({
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordHash: user.password ? await hashPassword(user.password) : null,
      helperUnitId: user.helperUnitId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const scopes = [
    ...(user.townshipIds ?? []).map((townshipId) => ({ userId: id, townshipId, villageId: null })),
    ...(user.villageIds ?? []).map((villageId) => ({ userId: id, townshipId: null, villageId })),
  ];
  if (scopes.length) await db.insertInto('userScope').values(scopes).execute();
  return id;
}
