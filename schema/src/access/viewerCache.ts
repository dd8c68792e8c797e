import pg from 'pg';
import type { Credential, CredentialRow } from './viewer';

/** How long a credential's viewer is answered from memory at most, notifications aside (a second guard). */
export const VIEWER_CACHE_MS = 5_000;
/** the channel access/migrations/2026-12-06-21-viewer-changes-notify.sql notifies on */
const CHANNEL = 'hub_viewer_changed';
/** beyond this many credentials the cache starts afresh: memory stays bounded whatever callers send */
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;

interface Entry {
  row: CredentialRow;
  /** when the entry stops being used: VIEWER_CACHE_MS after the lookup, or the credential's expiry if sooner */
  until: number;
}

/**
 * The viewers of recent credentials (token hash → user, role, scope), so that a read need not look its caller
 * up in the database on every request (rowSecurity.ts). A process keeps one, with a dedicated connection
 * LISTENing for what access/migrations/2026-12-06-21-viewer-changes-notify.sql announces: sign-out, token
 * revocation, a user's role, scope, password or active change. Each notification empties the cache, in every
 * process on the database (workers, other servers). Fail closed: while that connection is not listening
 * (start-up, after it dropped) nothing is answered from memory and every request looks its caller up as
 * before. A lookup that was under way when a notification came is not kept (its answer may predate the change).
 *
 * What remains: a request that reaches this process between another process's commit and the arrival of its
 * notification (well under a millisecond on one machine) is still answered from memory. Only credentials
 * found are kept; unknown tokens are looked up each time.
 */
export class ViewerCache {
  readonly #entries = new Map<string, Entry>();
  #listening = false;
  /** counts notifications (and losses of the listener): a lookup started under an older one is not kept */
  #generation = 0;
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;

  constructor(readonly connectionString: string) {}

  /** whether answers from memory may be used now */
  get listening(): boolean {
    return this.#listening;
  }

  /** the position to hand back to `keep` for a lookup about to start */
  get generation(): number {
    return this.#generation;
  }

  get(credential: Credential): CredentialRow | undefined {
    if (!this.#listening) return undefined;
    const key = `${credential.kind}:${credential.hash}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.row;
    this.#entries.delete(key);
    return undefined;
  }

  /** keeps a lookup's answer, unless something changed (or the listener dropped) since `generation` */
  keep(credential: Credential, row: CredentialRow & { expiresAt?: Date | null }, generation: number): void {
    if (!this.#listening || generation !== this.#generation || row.userId == null) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    const expires = row.expiresAt ? new Date(row.expiresAt).getTime() : Infinity;
    this.#entries.set(`${credential.kind}:${credential.hash}`, { row, until: Math.min(Date.now() + VIEWER_CACHE_MS, expires) });
  }

  /** forgets every viewer kept (a notification, or the listener lost) */
  forget(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** connects the listener in the background; until it listens, the cache is bypassed */
  start(): this {
    void this.#connect();
    return this;
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'fupin-hub listener', keepAlive: true });
    this.#client = client;
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#listening = false;
      this.forget();
      client.end().catch(() => {});
      if (!this.#closed) {
        this.#retry = setTimeout(() => void this.#connect(), RECONNECT_MS);
        this.#retry.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) this.forget();
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      if (this.#client !== client) return;
      // whatever changed while no one listened is unknown: start from nothing
      this.forget();
      this.#listening = true;
    } catch {
      lost();
    }
  }

  /** Drops the listener's connection as a network failure would (tests): requests fall back to lookups. */
  dropListener(): void {
    const client = this.#client;
    if (client) (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    this.#listening = false;
    this.forget();
    await client?.end().catch(() => {});
  }
}
