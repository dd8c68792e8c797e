/**
 * Who is signed in, as the hub's `me` says: read once and shared by the auth provider's calls. A module of
 * its own, without react-admin, so that the page's first script (boot.ts) can ask while the rest of the
 * admin is still on its way.
 */
import { graphql } from './graphql';

/** What a user may do (the hub's `Role` enum; see shared/docs/security.md). */
export type Role = 'ADMIN' | 'CLERK' | 'ANALYST' | 'PARTNER';

/** The signed-in user as `me` and `login` return them. */
export interface HubUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** a clerk's scope (none for the other roles): what her grid's pickers offer */
  townships?: ReadonlyArray<{ id: string }>;
  villages?: ReadonlyArray<{ id: string }>;
}

export const USER_FIELDS = 'id username displayName role townships { id } villages { id }';

const ME = `query Me { me { ${USER_FIELDS} } }`;

/**
 * react-admin asks checkAuth on every page change and getIdentity/getPermissions besides; one `me` answer
 * is reused for this long, and concurrent callers share one request.
 */
const ME_TTL_MS = 30_000;

let known: { user: HubUser | null; at: number } | undefined;
let pending: Promise<HubUser | null> | undefined;
/** bumped whenever the session changes, so a `me` answer that was in flight across the change is dropped */
let epoch = 0;

export function remember(user: HubUser | null): void {
  known = { user, at: Date.now() };
}

export function forget(): void {
  known = undefined;
  pending = undefined;
  epoch += 1;
}

/** Names the current sign-in: it changes whenever someone signs in or out (what depends on the user is read again). */
export function sessionOf(): number {
  return epoch;
}

/** Known, from an answer of the last ME_TTL_MS, that nobody is signed in. */
export function knownSignedOut(): boolean {
  return !!known && known.user === null && Date.now() - known.at < ME_TTL_MS;
}

/** The signed-in user's role as last read (undefined before the first `me` answer or when signed out). */
export function knownRole(): Role | undefined {
  return known?.user?.role;
}

/** The signed-in user (null: nobody), asked of the hub at most once per ME_TTL_MS. */
export function me(): Promise<HubUser | null> {
  if (known && Date.now() - known.at < ME_TTL_MS) return Promise.resolve(known.user);
  if (pending) return pending;
  const started = epoch;
  const request: Promise<HubUser | null> = graphql<{ me: HubUser | null }>(ME)
    .then((data) => {
      if (started === epoch) remember(data.me);
      return data.me;
    })
    .finally(() => {
      if (pending === request) pending = undefined;
    });
  pending = request;
  return request;
}
