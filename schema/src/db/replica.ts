import { sql } from 'kysely';
import type { Role } from '../access/codes';
import type { Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Who reads from the read replica (DATABASE_READ_URL): analysts and partner units, whose reads may trail the
 * county's edits by the replica's lag. Clerks and administrators read on the primary, so that an editor always
 * reads her own edits; every write goes to the primary (a replica refuses them anyway).
 */
export const REPLICA_READERS: ReadonlySet<Role> = new Set<Role>(['ANALYST', 'PARTNER']);

/** The replica lag beyond which reads go back to the primary (HUB_REPLICA_MAX_LAG), and how often it is checked. */
export const REPLICA_MAX_LAG_MS = 5_000;
export const REPLICA_CHECK_MS = 1_000;
/** a check that takes longer counts as the replica being unreachable */
const CHECK_TIMEOUT_MS = 2_000;

/** What `/healthz` says about the replica. */
export interface ReplicaStatus {
  /** where analysts' and partners' reads go now */
  reads: 'replica' | 'primary';
  /** streaming: within the limit; lagging: beyond it; unreachable: the check failed; starting: not checked yet */
  state: 'streaming' | 'lagging' | 'unreachable' | 'starting';
  /** how long the oldest of the primary's WAL positions the replica has not replayed has been waiting (to within a check) */
  lagMs: number | null;
  maxLagMs: number;
  /** when the last check ended */
  checkedAt: string | null;
  /** why reads went to the primary */
  reason?: string;
}

/**
 * A request's read that this replica cannot serve yet (it has not replayed what the caller already saw, e.g.
 * a sync cursor handed out by the primary): asViewer runs it again on the primary. Nothing is lost by that:
 * a replica's transaction cannot have written anything.
 */
export class NeedsPrimary extends Error {
  constructor(why: string) {
    super(`read needs the primary: ${why}`);
    this.name = 'NeedsPrimary';
  }
}

/** What the replica needs of the primary and of itself. */
interface ReplicaEnd {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * The read replica and its watch. Once a second (at most one check at a time) it reads the primary's WAL
 * position and the replica's replay position. Lag is measured against the primary's clock only: each
 * position the primary had reached is remembered with the time it was seen, and the lag is how long the
 * oldest position not yet replayed has been waiting. An idle primary therefore shows no lag (there is nothing
 * to replay), and a paused or cut-off replica shows lag growing from the first write it missed; the two
 * machines' clocks never meet. pg_last_xact_replay_timestamp() would need both clocks and reads as lag on an
 * idle primary.
 * Generic over the database it is given (connect.ts's HubDatabase), so that this file need not import the
 * one that makes it.
 */
export class ReadReplica<D extends ReplicaEnd = ReplicaEnd> {
  #state: Omit<ReplicaStatus, 'reads' | 'maxLagMs'> = { state: 'starting', lagMs: null, checkedAt: null };
  /** positions of the primary (bytes of WAL) the replica had not replayed at the last check, oldest first */
  #waiting: { at: number; lsn: number }[] = [];
  #timer: NodeJS.Timeout | null = null;
  #checking: Promise<void> | null = null;

  constructor(
    /** the replica itself, as a database the hub connects to */
    readonly database: D,
    private readonly primary: D,
    readonly maxLagMs: number = REPLICA_MAX_LAG_MS,
    private readonly checkMs: number = REPLICA_CHECK_MS,
  ) {}

  /** Starts the checks: the first at once, then every checkMs. */
  start(): this {
    void this.check();
    this.#timer = setInterval(() => void this.check(), this.checkMs);
    this.#timer.unref(); // the watch alone must not keep a process alive
    return this;
  }

  /** True when analysts' and partners' reads may go to the replica now. */
  usable(): boolean {
    const fresh = this.#state.checkedAt !== null && Date.now() - Date.parse(this.#state.checkedAt) <= 3 * this.checkMs + CHECK_TIMEOUT_MS;
    return this.#state.state === 'streaming' && fresh;
  }

  status(): ReplicaStatus {
    const reads = this.usable() ? 'replica' : 'primary';
    const reason =
      reads === 'replica'
        ? undefined
        : (this.#state.reason ?? (this.#state.state === 'starting' ? 'not checked yet' : 'the last check is too old'));
    return { reads, ...this.#state, maxLagMs: this.maxLagMs, ...(reason ? { reason } : {}) };
  }

  /** A request could not reach the replica: reads go to the primary until a check finds it again. */
  unreachable(error: unknown): void {
    this.#state = {
      ...this.#state,
      state: 'unreachable',
      reason: `unreachable: ${(error as Error).message}`,
      checkedAt: new Date().toISOString(),
    };
  }

  /** One check (resolves when done; a check already under way is the one waited for). */
  check(): Promise<void> {
    this.#checking ??= this.#check().finally(() => (this.#checking = null));
    return this.#checking;
  }

  async #check(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      // the primary's position first, the replica's after: a replica keeping up shows no lag
      const {
        rows: [primary],
      } = await Promise.race([
        sql<{ lsn: string }>`select (pg_current_wal_lsn() - '0/0'::pg_lsn)::text as lsn`.execute(this.primary.db),
        timeout,
      ]);
      const now = Date.now();
      const {
        rows: [replica],
      } = await Promise.race([
        sql<{
          replayed: string | null;
          recovering: boolean;
        }>`select (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::text as replayed, pg_is_in_recovery() as recovering`.execute(
          this.database.db,
        ),
        timeout,
      ]);
      if (!replica!.recovering || replica!.replayed === null) {
        this.#waiting = [];
        return this.#set({
          state: 'unreachable',
          lagMs: null,
          reason: 'DATABASE_READ_URL is not a streaming replica (pg_is_in_recovery() is false)',
        });
      }
      const lsn = Number(primary!.lsn);
      const replayed = Number(replica!.replayed);
      const last = this.#waiting[this.#waiting.length - 1];
      if (!last || lsn > last.lsn) this.#waiting.push({ at: now, lsn });
      this.#waiting = this.#waiting.filter((position) => position.lsn > replayed);
      const lagMs = this.#waiting.length ? Date.now() - this.#waiting[0]!.at : 0;
      if (lagMs > this.maxLagMs)
        return this.#set({ state: 'lagging', lagMs, reason: `replay lag ${lagMs} ms is over HUB_REPLICA_MAX_LAG (${this.maxLagMs} ms)` });
      this.#set({ state: 'streaming', lagMs });
    } catch (error) {
      this.#set({ state: 'unreachable', lagMs: null, reason: `check failed: ${(error as Error).message}` });
    } finally {
      clearTimeout(timer);
    }
  }

  #set(state: { state: ReplicaStatus['state']; lagMs: number | null; reason?: string }): void {
    this.#state = { ...state, checkedAt: new Date().toISOString() };
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#checking;
    await this.database.close();
  }
}
