import { HttpError, type AuthProvider, type UserIdentity } from 'ra-core';
import { BAD_RESPONSE, GraphQLRequestError, NETWORK_ERROR, graphql } from './graphql';
import { USER_FIELDS, forget, knownSignedOut, me, remember, type HubUser } from './session';

export { knownRole, sessionOf, type HubUser, type Role } from './session';

/** react-admin's identity, carrying the hub's fields too so views need not ask again. */
export type HubIdentity = UserIdentity & HubUser & { fullName: string };

const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { user { ${USER_FIELDS} } }
}`;
const LOGOUT = 'mutation Logout { logout }';

/**
 * What checkAuth and friends reject with when there is no session. react-admin shows an auth error's
 * `message` through its translator, so it is a catalogue key; checkError treats it like the hub's own.
 */
function notSignedIn(): GraphQLRequestError {
  return new GraphQLRequestError('ra.auth.auth_check_error', { code: 'UNAUTHENTICATED' });
}

/** The hub was not reached, or something in between (a proxy, a restart) answered instead of it. */
function isUnreachable(error: unknown): boolean {
  return error instanceof GraphQLRequestError && (error.code === NETWORK_ERROR || error.code === BAD_RESPONSE);
}

function toIdentity(user: HubUser): HubIdentity {
  return { ...user, fullName: user.displayName };
}

export type LoginParams = {
  username: string;
  password: string;
};

export const authProvider: AuthProvider = {
  async login({ username, password }: LoginParams) {
    forget();
    try {
      const data = await graphql<{ login: { user: HubUser } }, LoginParams>(LOGIN, { username, password });
      remember(data.login.user);
    } catch (error) {
      // react-admin's login form shows `message`, translating it when it is a key of our catalogues. The hub's
      // own messages (UNAUTHENTICATED, BAD_USER_INPUT) are already in the UI's language (accept-language).
      if (isUnreachable(error)) throw new Error('hub.auth.server_unreachable', { cause: error });
      throw error;
    }
  },

  async logout() {
    // Known to be signed out already (the usual case: checkAuth found no session): nothing to end, and the
    // login page's own checkAuth can reuse that answer.
    if (knownSignedOut()) return;
    forget();
    try {
      await graphql<{ logout: boolean }>(LOGOUT);
      remember(null);
    } catch (error) {
      // The cookie is HttpOnly, so only the hub can end the session; when it cannot be reached the user still
      // lands on the login page, and react-admin must not be left waiting on a rejected logout.
      console.warn('logout: the hub did not end the session', error);
    }
  },

  async checkAuth() {
    let user: HubUser | null;
    try {
      user = await me();
    } catch (error) {
      // Without the hub nobody can be signed in: go to the login page rather than spin.
      throw isUnreachable(error) ? new Error('hub.auth.server_unreachable', { cause: error }) : error;
    }
    if (!user) throw notSignedIn();
  },

  async checkError(error: unknown) {
    // the data provider's failures arrive as HttpErrors (UNAUTHENTICATED as status 401), the auth calls' as they are
    const unauthenticated =
      (error instanceof GraphQLRequestError && (error.code === 'UNAUTHENTICATED' || error.status === 401)) ||
      (error instanceof HttpError && error.status === 401);
    // react-admin then calls logout (which forgets `me`), and first, only while checkAuth still passes,
    // shows this error's message: the hub's own "please sign in" in the UI's language.
    if (unauthenticated) throw error;
    // FORBIDDEN, NOT_FOUND, CONFLICT… are the view's to show; the session is still good.
  },

  async getIdentity() {
    const user = await me();
    if (!user) throw notSignedIn();
    return toIdentity(user);
  },

  async getPermissions() {
    const user = await me();
    if (!user) throw notSignedIn();
    return user.role;
  },
};
