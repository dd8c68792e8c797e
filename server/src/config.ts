import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Settings come from the environment, so that the same commands serve a laptop and a county server. */
export interface HubConfig {
  /** PostgreSQL URL; unset means the embedded database */
  databaseUrl: string | undefined;
  /** a streaming replica of it for analysts' and partners' reads (DATABASE_READ_URL; docs/replicas.md) */
  readUrl: string | undefined;
  /** the replica's lag beyond which those reads go to the primary (HUB_REPLICA_MAX_LAG, seconds; unset: 5) */
  maxLagMs: number | undefined;
  /** the embedded database's folder */
  dataDir: string;
  port: number;
  host: string;
  /** the four demo accounts' password (demo database only) */
  demoPassword: string;
  production: boolean;
  /** mark the session cookie Secure (behind HTTPS) */
  secureCookies: boolean;
  /** the admin UI's built files */
  adminDir: string;
  /** how long an export download may make no progress before it is aborted (HUB_EXPORT_STALL_SECONDS; unset: the export's own default) */
  exportStallMs: number | undefined;
}

export const DEFAULT_DEMO_PASSWORD = 'lingyun-demo';

export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT=${env.PORT} 不是有效端口 / is not a valid port`);
  }
  const stall = env.HUB_EXPORT_STALL_SECONDS === undefined ? undefined : Number(env.HUB_EXPORT_STALL_SECONDS);
  if (stall !== undefined && (!Number.isFinite(stall) || stall <= 0)) {
    throw new Error(`HUB_EXPORT_STALL_SECONDS=${env.HUB_EXPORT_STALL_SECONDS} 应为正数秒 / must be a positive number of seconds`);
  }
  const lag = env.HUB_REPLICA_MAX_LAG === undefined ? undefined : Number(env.HUB_REPLICA_MAX_LAG);
  if (lag !== undefined && (!Number.isFinite(lag) || lag <= 0)) {
    throw new Error(`HUB_REPLICA_MAX_LAG=${env.HUB_REPLICA_MAX_LAG} 应为正数秒 / must be a positive number of seconds`);
  }
  if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
    throw new Error(
      '设置了 DATABASE_READ_URL 却没有 DATABASE_URL：只读副本须配合 PostgreSQL 主库使用 / DATABASE_READ_URL is set without DATABASE_URL: a read replica needs its PostgreSQL primary',
    );
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    readUrl: env.DATABASE_READ_URL || undefined,
    maxLagMs: lag === undefined ? undefined : lag * 1000,
    dataDir: env.HUB_DATA_DIR || './data',
    port,
    host: env.HOST || '127.0.0.1',
    demoPassword: env.HUB_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD,
    production: env.NODE_ENV === 'production',
    secureCookies: env.HUB_SECURE_COOKIES === 'true',
    exportStallMs: stall === undefined ? undefined : stall * 1000,
    adminDir: env.HUB_ADMIN_DIR || resolve(fileURLToPath(new URL('../../admin/dist', import.meta.url))),
  };
}
