import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Settings come from the environment, so that the same commands serve a laptop and a county server. */
export interface HubConfig {
  /** PostgreSQL URL; unset means the embedded database */
  databaseUrl: string | undefined;
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
  return {
    databaseUrl: env.DATABASE_URL || undefined,
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
