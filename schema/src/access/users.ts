import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Role } from './codes';
import type { Viewer } from './viewer';
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
  /** when the account was made, if not now (the demo's accounts: its day of record) */
  createdAt?: Date;
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
      ...(user.createdAt ? { createdAt: user.createdAt, updatedAt: user.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const scopes = [
    ...(user.townshipIds ?? []).map((townshipId) => ({ userId: id, townshipId, villageId: null })),
    ...(user.villageIds ?? []).map((villageId) => ({ userId: id, townshipId: null, villageId })),
  ].map((scope) => (user.createdAt ? { ...scope, createdAt: user.createdAt, updatedAt: user.createdAt } : scope));
  if (scopes.length) await db.insertInto('userScope').values(scopes).execute();
  return id;
}

/** A user as administrators manage them: the viewer's fields, plus what only an account has. */
export interface UserAccount extends Viewer {
  disabledAt: Date | null;
  version: number;
  createdAt: Date;
}

/** Every user (or one), with their scopes gathered in the same statement. */
export async function listUsers(db: Kysely<Database>, id?: number): Promise<UserAccount[]> {
  let query = db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'role', 'helperUnitId', 'disabledAt', 'version', 'createdAt'])
    .select((eb) => [
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(township_id order by township_id) filter (where township_id is not null), '{}')`.as('t'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('townshipIds'),
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(village_id order by village_id) filter (where village_id is not null), '{}')`.as('v'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('villageIds'),
    ])
    .orderBy('username');
  if (id !== undefined) query = query.where('id', '=', id);
  const rows = await query.execute();
  return rows.map((r) => ({
    userId: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role,
    helperUnitId: r.helperUnitId,
    townshipIds: r.townshipIds ?? [],
    villageIds: r.villageIds ?? [],
    tokenId: null,
    disabledAt: r.disabledAt,
    version: r.version,
    createdAt: r.createdAt,
  }));
}

/** Replaces a user's scope rows. */
export async function setScopes(db: Kysely<Database>, userId: number, townshipIds: number[], villageIds: number[]): Promise<void> {
  await db.deleteFrom('userScope').where('userId', '=', userId).execute();
  const rows = [
    ...townshipIds.map((townshipId) => ({ userId, townshipId, villageId: null })),
    ...villageIds.map((villageId) => ({ userId, townshipId: null, villageId })),
  ];
  if (rows.length) await db.insertInto('userScope').values(rows).execute();
}
