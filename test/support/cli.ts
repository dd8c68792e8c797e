import { spawnSync } from 'node:child_process';

/** The repository's root, where `pnpm hub` runs. */
export const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs `pnpm hub …` as a person would, with a clean environment of our choosing. */
export function hub(args: string[], env: Record<string, string> = {}, timeout = 120_000) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
