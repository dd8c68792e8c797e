/**
 * The page's first script: asks the hub who is signed in and (unless this is the login page) for the schema
 * metadata, while the admin's code — a megabyte and more — is still loading. Both used to wait for it, then
 * for each other; on a township's slow link that was seconds before the grid could ask for its rows. Only
 * small modules here, none of react or react-admin.
 *
 * On a list's page (`/households`) it also asks for the list's first block of rows once the metadata is in,
 * in the list's own order: the grid finds them waiting when its code has loaded and run, instead of asking
 * then and waiting one more round trip and the hub's reading of the page.
 */
import { BLOCK } from './grid/block';
import { graphql } from './graphql';
import { listRequest, type ListAnswer } from './dataProvider/records';
import { fetchSchema, type HubSchema } from './dataProvider/schema';
import { me, sessionOf } from './session';

let schema: Promise<HubSchema | undefined> | undefined;
/** the first block asked for early: its list, its request as sent (query and variables) and its answer */
let firstBlock: { resource: string; key: string; answer: Promise<ListAnswer | undefined> } | undefined;
/** the sign-in the early answers belong to: after a sign-out or another sign-in they are not used */
let askedIn: number | undefined;

/** react-admin's store key for a list's chosen sort and filters (store.ts: `localStorageStore('1', 'FupinHub')`) */
const storedListParams = (resource: string) => `RaStoreFupinHub.${resource}.listParams`;

/** The list a path shows (`/households`), when nothing but its own order and no filter applies to it. */
function plainList(): string | undefined {
  const resource = /^\/(\w+)\/?$/.exec(location.pathname)?.[1];
  // sort or filters in the address, or kept from the last visit: the list asks for those itself
  if (!resource || location.search || localStorage.getItem(storedListParams(resource)) !== null) return undefined;
  return resource;
}

function requestKey(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify([query, variables]);
}

export function startEarlyRequests(): void {
  // a failure here is met again, and reported, when the auth provider asks for itself
  me().catch(() => {});
  if (location.pathname.startsWith('/login')) return;
  askedIn = sessionOf();
  schema = fetchSchema(graphql).catch(() => undefined);
  const listed = plainList();
  if (!listed) return;
  void schema.then((read) => {
    const resource = read?.resources[listed];
    if (!resource) return;
    // exactly what the grid's <List> asks for (GridList.tsx): page 1 of BLOCK rows in the list's order, no filter
    const { query, variables } = listRequest(resource, { pagination: { page: 1, perPage: BLOCK }, sort: resource.order });
    firstBlock = {
      resource: listed,
      key: requestKey(query, variables),
      answer: graphql<ListAnswer>(query, variables).catch(() => undefined),
    };
  });
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

/**
 * The answer to the list read asked for at start, for the page's first read of that list if it is the very
 * same (query and variables) and the sign-in has not changed. Once, and only then: any later read of the
 * list (a refresh, after an edit, another filter) asks the hub.
 */
export function takeEarlyList(
  resource: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<ListAnswer | undefined> | undefined {
  if (firstBlock?.resource !== resource) return undefined;
  const same = firstBlock.key === requestKey(query, variables) && askedIn === sessionOf();
  const taken = same ? firstBlock.answer : undefined;
  firstBlock = undefined;
  return taken;
}
