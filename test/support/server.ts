import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import type { HubDatabase } from '../../schema/src/index';
import { createHubServer } from '../../server/src/http';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestServer {
  url: string;
  /** POSTs a GraphQL request as the admin UI does (JSON, with the preflight header CSRF prevention wants) */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { cookie?: string; token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T>>;
  /** how many requests the server answered by its short route (server/src/knownQueries.ts) so far */
  shortRouteAnswers(): number;
  /** signs in and returns the session cookie to send back */
  signIn(username: string, password: string): Promise<string>;
}

/** The real hub server on a free port over the given database, stopped when the file's tests are done. */
export async function startServer(
  database: HubDatabase,
  options: { adminDir?: string; production?: boolean; logError?: (error: unknown) => void } = {},
): Promise<TestServer> {
  const hub = await createHubServer({
    database,
    adminDir: options.adminDir ?? '/nonexistent',
    production: options.production ?? false,
    secureCookies: false,
    logError: options.logError ?? (process.env.HUB_TEST_LOG ? (e) => console.error(e) : () => {}),
  });
  await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
  afterAll(() => hub.stop());

  const graphql: TestServer['graphql'] = async (query, variables, requestOptions = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'apollo-require-preflight': 'true',
        ...(requestOptions.cookie ? { cookie: requestOptions.cookie } : {}),
        ...(requestOptions.token ? { authorization: `Bearer ${requestOptions.token}` } : {}),
        ...requestOptions.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: never; errors?: never };
    return { status: response.status, headers: response.headers, ...body };
  };

  return {
    url,
    graphql,
    shortRouteAnswers: hub.shortRouteAnswers,
    async signIn(username, password) {
      const result = await graphql(
        `
          mutation ($u: String!, $p: String!) {
            login(username: $u, password: $p) {
              user {
                id
              }
            }
          }
        `,
        { u: username, p: password },
      );
      const cookie = result.headers.getSetCookie().find((c) => c.startsWith('hub_session='));
      if (!cookie) throw new Error(`sign-in as ${username} failed: ${JSON.stringify(result.errors)}`);
      return cookie.split(';')[0]!;
    },
  };
}

/**
 * A request's statements from Kysely's query log (one entry per round trip) without its envelope: the
 * caller's lookup with its scope (sent with `begin`, or alone), the `commit`, and the "last seen" touch. A
 * read whose viewer is known has no envelope: each statement carries its scope (schema/src/access/rowSecurity.ts).
 */
export function withoutEnvelope(statements: string[]): string[] {
  return statements.filter((s) => !s.includes('set_config(') && !/^\s*commit\b/i.test(s) && !/^update "(user_session|api_token)"/.test(s));
}
