import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The hub as a separate process (`hub serve` through tsx, as `pnpm hub serve` runs it), so that a crash is
 * seen as one: the process exits, instead of failing one test inside the test runner's own process.
 */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  /** everything it wrote to standard error so far */
  stderr(): string;
  /** true while the process runs */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function spawnHub(env: Record<string, string>, args: string[] = []): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'serve', ...args], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in 180 s:\n${stdout}\n${stderr}`)), 180_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const port = /running: http:\/\/localhost:(\d+)\//.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code ?? signal}) before it started:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // a hub that does not stop on its own within 10 s is killed: the test's cleanup must not hang on it
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
