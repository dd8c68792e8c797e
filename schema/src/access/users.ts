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
  /** a county administrator's or county analyst's counties (none: the whole hub) */
  countyIds?: number[];
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
  const scopes = scopeRows(id, user.townshipIds ?? [], user.villageIds ?? [], user.countyIds ?? []).map((scope) =>
    user.createdAt ? { ...scope, createdAt: user.createdAt, updatedAt: user.createdAt } : scope,
  );
  if (scopes.length) await db.insertInto('userScope').values(scopes).execute();
  return id;
}

/** A user's scope as user_scope rows: one division each. */
function scopeRows(userId: number, townshipIds: number[], villageIds: number[], countyIds: number[]) {
  return [
    ...townshipIds.map((townshipId) => ({ userId, townshipId, villageId: null, countyId: null })),
    ...villageIds.map((villageId) => ({ userId, townshipId: null, villageId, countyId: null })),
    ...countyIds.map((countyId) => ({ userId, townshipId: null, villageId: null, countyId })),
  ];
}

/**
 * The users a county's administrator manages (issue 16): those with a scope that lies wholly inside her
 * counties — her counties' clerks, and administrators and analysts of those counties only. Partner accounts
 * (a unit may help several counties) and unscoped accounts are the whole hub's administrator's.
 */
export function withinCounties(countyIds: number[]) {
  const counties = sql.join(countyIds.map((id) => sql`${id}::int`));
  return sql<boolean>`(exists (select 1 from user_scope s where s.user_id = app_user.id)
    and not exists (select 1 from user_scope s
      left join village v on v.id = s.village_id
      left join township t on t.id = coalesce(s.township_id, v.township_id)
      where s.user_id = app_user.id and coalesce(s.county_id, t.county_id) not in (${counties})))`;
}

/** A user as administrators manage them: the viewer's fields, plus what only an account has. */
export interface UserAccount extends Viewer {
  disabledAt: Date | null;
  version: number;
  createdAt: Date;
}

/** Every user (or one; those within `countyIds` when given), with their scopes gathered in the same statement. */
export async function listUsers(db: Kysely<Database>, id?: number, countyIds?: number[]): Promise<UserAccount[]> {
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
      eb
        .selectFrom('userScope')
        .select(sql<number[]>`coalesce(array_agg(county_id order by county_id) filter (where county_id is not null), '{}')`.as('c'))
        .whereRef('userScope.userId', '=', 'appUser.id')
        .as('countyIds'),
    ])
    .orderBy('username');
  if (id !== undefined) query = query.where('id', '=', id);
  if (countyIds?.length) query = query.where(withinCounties(countyIds));
  const rows = await query.execute();
  return rows.map((r) => ({
    userId: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role,
    helperUnitId: r.helperUnitId,
    townshipIds: r.townshipIds ?? [],
    villageIds: r.villageIds ?? [],
    countyIds: r.countyIds ?? [],
    tokenId: null,
    disabledAt: r.disabledAt,
    version: r.version,
    createdAt: r.createdAt,
  }));
}

/** Replaces a user's scope rows. */
export async function setScopes(
  db: Kysely<Database>,
  userId: number,
  townshipIds: number[],
  villageIds: number[],
  countyIds: number[] = [],
): Promise<void> {
  await db.deleteFrom('userScope').where('userId', '=', userId).execute();
  const rows = scopeRows(userId, townshipIds, villageIds, countyIds);
  if (rows.length) await db.insertInto('userScope').values(rows).execute();
}
