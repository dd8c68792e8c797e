import type { Kysely } from 'kysely';
import type { Database } from './db/database';
import type { Viewer } from './access/viewer';
import type { HubDatabase } from './db/connect';
import type { Locale } from './errors';

// said beside the texts it picks from (errors.ts), which the tables name: no type import loops back here
export type { Locale } from './errors';

/**
 * What a request's resolvers may use. The server builds it per request; the schema never sees HTTP,
 * so sign-in talks to the transport only through `session`.
 */
export interface HubContext {
  db: Kysely<Database>;
  viewer: Viewer | null;
  locale: Locale;
  session: SessionControl;
  /** where the request came from (the client's network address), for sign-in throttling */
  clientAddress: string | null;
  /** the database itself, for work that outlives the request (an import runs on after its upload) */
  database?: HubDatabase;
  /** the import whose writes these are: their audit rows carry its id, so that it can be undone (import/) */
  importJobId?: number;
}

/** No transport to keep a browser signed in (the CLI, an export, an import at work): nothing to start or end. */
const NO_SESSION: SessionControl = { token: null, start: () => {}, end: () => {} };

/**
 * The one way to build a HubContext: the server per request (with its session and the client's address), the
 * CLI and an import's own transaction (with neither).
 */
export function hubContext(parts: Pick<HubContext, 'db' | 'viewer' | 'locale'> & Partial<HubContext>): HubContext {
  return { clientAddress: null, session: NO_SESSION, ...parts };
}

/** How the transport keeps a browser signed in (an HttpOnly cookie, in the server). */
export interface SessionControl {
  /** the session token the request came with, if any */
  readonly token: string | null;
  start(token: string, expiresAt: Date): void;
  end(): void;
}
