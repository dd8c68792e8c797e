/**
 * The page's first script: asks the hub who is signed in and (unless this is the login page) for the schema
 * metadata, while the admin's code — a megabyte and more — is still loading. Both used to wait for it, then
 * for each other; on a township's slow link that was seconds before the grid could ask for its rows. Only
 * small modules here, none of react or react-admin.
 */
import { graphql } from './graphql';
import { fetchSchema, type HubSchema } from './dataProvider/schema';
import { me, sessionOf } from './session';

let schema: Promise<HubSchema | undefined> | undefined;
/** the sign-in the early answer belongs to: after a sign-out or another sign-in it is not used */
let askedIn: number | undefined;

export function startEarlyRequests(): void {
  // a failure here is met again, and reported, when the auth provider asks for itself
  me().catch(() => {});
  if (!location.pathname.startsWith('/login')) {
    askedIn = sessionOf();
    schema = fetchSchema(graphql).catch(() => undefined);
  }
}

/**
 * The schema asked for at start, once (undefined when it was not asked for or failed — signed out, say;
 * the data provider then asks itself, after the sign-in).
 */
export function takeEarlySchema(): Promise<HubSchema | undefined> | undefined {
  const taken = askedIn === sessionOf() ? schema : undefined;
  schema = undefined;
  return taken;
}
