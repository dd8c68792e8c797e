import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { HubCamelCasePlugin } from './camelCase';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './database';
import { lockDataDir } from './dataDirLock';
import { HubError } from './errors';
import { BatchingClient, LazyBeginPostgresDialect } from './lazyBegin';
import { ReadReplica } from './replica';
import { ViewerCache } from '../access/viewerCache';

const OID = { int8: 20, date: 1082, numeric: 1700 } as const;

/**
 * The same values on both drivers: dates stay ISO strings (a Date would shift with the time zone),
 * numerics stay exact strings, and bigint counts become numbers (they are far below 2^53 here).
 */
const parsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: (value) => Number(value),
  [OID.date]: (value) => value,
  [OID.numeric]: (value) => value,
};

export interface HubDatabase {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** where it lives: the URL without its password, or the data folder */
  location: string;
  timeouts: RequestTimeouts;
  close(): Promise<void>;
  /** PostgreSQL's pool, for work that needs a connection of its own (an import's COPY into its staging table) */
  pool?: pg.Pool;
  /** the streaming replica analysts' and partners' reads go to (DATABASE_READ_URL; db/replica.ts) */
  replica?: ReadReplica<HubDatabase>;
  /** the viewers of recent credentials, kept in memory while this process listens for changes (PostgreSQL) */
  viewers?: ViewerCache;
}

export interface ConnectOptions {
  /** a postgres:// URL; when absent, the embedded database in `dataDir` */
  databaseUrl?: string | undefined;
  /** a streaming replica of databaseUrl, for analysts' and partners' reads (db/replica.ts) */
  readUrl?: string | undefined;
  /** the replica's lag beyond which those reads go to the primary (default REPLICA_MAX_LAG_MS) */
  maxLagMs?: number | undefined;
  /** the embedded database's folder (default ./data); `memory://` keeps it in memory */
  dataDir?: string | undefined;
  /** pool size for PostgreSQL */
  maxConnections?: number;
  /** called with each SQL statement (tests count statements with it) */
  onQuery?: (sql: string) => void;
  /** the backstops for each request's transaction (defaults: REQUEST_TIMEOUTS) */
  timeouts?: Partial<RequestTimeouts>;
}

/**
 * Backstops for the application's work, set in each request's transaction (see enterScope): a statement
 * running longer is cancelled, and a transaction left idle longer is ended by PostgreSQL with its
 * connection. An export waits for its client between pages for at most EXPORT_STALL_MS, well inside the
 * idle limit; a long job (an import) raises the statement limit for its own transaction (allowLongStatements).
 */
export interface RequestTimeouts {
  statementMs: number;
  idleInTransactionMs: number;
}

export const REQUEST_TIMEOUTS: RequestTimeouts = { statementMs: 30_000, idleInTransactionMs: 120_000 };

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function kyselyFor(dialect: LazyBeginPostgresDialect | PGliteDialect, onQuery?: (sql: string) => void) {
  return new Kysely<Database>({
    dialect,
    plugins: [new HubCamelCasePlugin()],
    ...(onQuery
      ? {
          log: (event) => {
            if (event.level === 'query') onQuery(event.query.sql);
          },
        }
      : {}),
  });
}

/** Opens the hub's database: PostgreSQL when a URL is given, else embedded PGlite. Fails with a HubError it can explain. */
export async function connect(options: ConnectOptions): Promise<HubDatabase> {
  return options.databaseUrl ? connectPostgres(options.databaseUrl, options) : connectPGlite(options.dataDir ?? './data', options);
}

async function connectPostgres(url: string, options: ConnectOptions): Promise<HubDatabase> {
  const primary = postgresAt(url, options);
  const { pool, location } = primary;
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    throw new HubError(
      `无法连接数据库 ${location}（${reason}）：请检查 DATABASE_URL 是否正确、PostgreSQL 是否已启动；不设置 DATABASE_URL 则使用内置数据库。`,
      `Cannot connect to ${location} (${reason}): check DATABASE_URL and that PostgreSQL is running; unset DATABASE_URL to use the embedded database.`,
      { cause: error },
    );
  }
  // its listener connects in the background: until it listens, requests look their callers up
  const viewers = new ViewerCache(url).start();
  const close = primary.close;
  primary.viewers = viewers;
  primary.close = async () => {
    await viewers.close();
    await close();
  };
  if (!options.readUrl) return primary;
  // not checked here: a replica that is down must not keep the hub from serving (its watch says so on /healthz)
  const replica = new ReadReplica(postgresAt(options.readUrl, options), primary, options.maxLagMs).start();
  return {
    ...primary,
    replica,
    close: async () => {
      await replica.close();
      await primary.close();
    },
  };
}

/** A pool and its Kysely for one PostgreSQL server, not yet connected. */
function postgresAt(url: string, options: ConnectOptions): HubDatabase & { pool: pg.Pool } {
  const location = redact(url);
  const pool = new pg.Pool({
    connectionString: url,
    // a request's `begin` and its first statement go as one batch (lazyBegin.ts)
    Client: BatchingClient,
    max: options.maxConnections ?? 10,
    // how long a request waits for a connection when all are busy (a burst of users), or for a server that
    // does not answer; a server that refuses (down, restarting) fails at once
    connectionTimeoutMillis: 15_000,
    // the hub's backends, recognisable in pg_stat_activity; keep-alive notices a peer gone without a word (failover)
    application_name: 'fupin-hub',
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // pg-pool listens for errors only while a client is idle, and Kysely adds no listener while it holds one:
  // a backend ended during a request (pg_terminate_backend, a restart, a timeout) would emit an unheard
  // 'error' and kill the process. The query in flight fails on its own; the client is no longer queryable,
  // so the pool discards it on release instead of handing it out again.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = kyselyFor(new LazyBeginPostgresDialect({ pool }), options.onQuery);
  return { db, kind: 'postgres', location, pool, timeouts: { ...REQUEST_TIMEOUTS, ...options.timeouts }, close: () => db.destroy() };
}

async function connectPGlite(dataDir: string, options: ConnectOptions): Promise<HubDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  if (!inMemory) mkdirSync(location, { recursive: true });
  // one process at a time: a second one fails here, before it has touched the folder (dataDirLock.ts)
  const unlock = inMemory ? () => {} : lockDataDir(location);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? dataDir : location, { parsers });
  } catch (error) {
    unlock();
    throw new HubError(
      `无法打开内置数据库目录 ${location}（${(error as Error).message}）：该目录可能由不兼容的版本创建或已损坏。请另选目录（HUB_DATA_DIR），或备份后删除该目录重新初始化。`,
      `Cannot open the embedded database in ${location} (${(error as Error).message}): it may come from an incompatible version or be damaged. Choose another folder (HUB_DATA_DIR), or back it up and remove it to start afresh.`,
      { cause: error },
    );
  }
  const db = kyselyFor(new PGliteDialect({ pglite }), options.onQuery);
  return {
    db,
    kind: 'pglite',
    location,
    // its one connection is every request's: ending it would end the database, so no idle limit (0 is off)
    timeouts: { ...REQUEST_TIMEOUTS, ...options.timeouts, idleInTransactionMs: 0 },
    // Kysely's destroy closes the PGlite instance, which flushes it to disk; then the folder is free.
    close: async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}
