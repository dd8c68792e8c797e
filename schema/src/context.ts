import type { Kysely } from 'kysely';
import type { Database } from './db/database';
import type { Viewer } from './access/viewer';
import type { HubDatabase } from './db/connect';

/** Chinese first; English when the client asks for it. */
export type Locale = 'zh' | 'en';

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

/** How the transport keeps a browser signed in (an HttpOnly cookie, in the server). */
export interface SessionControl {
  /** the session token the request came with, if any */
  readonly token: string | null;
  start(token: string, expiresAt: Date): void;
  end(): void;
}
