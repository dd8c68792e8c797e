import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../schema/src/index';
import { freshDatabase } from './support/database';
import { spawnHub, type HubProcess } from './support/hubProcess';

interface Answer {
  worker: string;
  cookie: string | undefined;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

/**
 * `hub serve --workers 2`: one port, two processes. Each request goes on a connection of its own (no
 * keep-alive), so the primary hands them out in turn and they land on both workers; whatever one worker
 * learns (a session, a failed sign-in) the other must know.
 */
describe('serve --workers 2', () => {
  let hub: HubProcess;

  beforeAll(async () => {
    const database = await freshDatabase();
    await createUser(database.db, { username: 'admin', displayName: '管理员', role: 'ADMIN', password: 'admin-password' });
    await createUser(database.db, { username: 'analyst', displayName: '分析员', role: 'ANALYST', password: 'analyst-password' });
    hub = await spawnHub({ DATABASE_URL: database.url }, ['--workers', '2']);
  }, 300_000);
  afterAll(() => hub?.stop());

  function graphql(query: string, variables: Record<string, unknown> = {}, cookie?: string): Promise<Answer> {
    const body = JSON.stringify({ query, variables });
    return new Promise((resolve, reject) => {
      const req = request(
        `${hub.url}/graphql`,
        {
          method: 'POST',
          agent: false, // a new connection each time
          headers: {
            'content-type': 'application/json',
            'apollo-require-preflight': 'true',
            connection: 'close',
            ...(cookie ? { cookie } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () =>
            resolve({
              worker: String(res.headers['x-hub-worker']),
              cookie: res.headers['set-cookie']?.find((c) => c.startsWith('hub_session='))?.split(';')[0],
              body: JSON.parse(text),
            }),
          );
        },
      );
      req.on('error', reject);
      // a connection handed to a worker at the moment it is killed is never answered: fail it, and ask again
      req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
      req.end(body);
    });
  }
  const login = (username: string, password: string) =>
    graphql(
      `
        mutation ($u: String!, $p: String!) {
          login(username: $u, password: $p) {
            user {
              username
            }
          }
        }
      `,
      { u: username, p: password },
    );

  it('keeps a session signed in through one worker on every worker', async () => {
    const signedIn = await login('admin', 'admin-password');
    expect(signedIn.cookie).toBeDefined();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        graphql(
          `
            {
              me {
                username
                role
              }
            }
          `,
          {},
          signedIn.cookie,
        ),
      ),
    );
    expect(new Set(answers.map((a) => a.worker)).size).toBe(2);
    for (const answer of answers) expect(answer.body.data).toEqual({ me: { username: 'admin', role: 'ADMIN' } });
  });

  it('throttles sign-in across workers: five failures on either worker lock the account, even for the right password', async () => {
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push(await login('analyst', `wrong password ${i}`));
    expect(new Set(failures.map((f) => f.worker)).size).toBe(2);
    for (const failure of failures) expect(failure.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const blocked = await Promise.all([login('analyst', 'analyst-password'), login('analyst', 'analyst-password')]);
    expect(new Set(blocked.map((b) => b.worker)).size).toBe(2);
    for (const attempt of blocked) {
      expect(attempt.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(attempt.cookie).toBeUndefined();
    }
  });

  it('restarts a worker that dies, and stops every worker on SIGTERM', async () => {
    const first = await graphql(`
      {
        __typename
      }
    `);
    process.kill(Number(first.worker), 'SIGKILL');
    // the other worker serves meanwhile; a new one takes the dead one's place
    await expect
      .poll(
        async () =>
          new Set(
            (
              await Promise.all(
                Array.from({ length: 6 }, () =>
                  graphql(`
                    {
                      __typename
                    }
                  `).catch(() => null),
                ),
              )
            ).map((a) => a?.worker ?? 'no answer'),
          ),
        { timeout: 150_000, interval: 1_000 },
      )
      .toSatisfy((workers: Set<string>) => workers.size === 2 && !workers.has(first.worker) && !workers.has('no answer'));
    expect(hub.stderr()).toMatch(/worker \d+ exited \(SIGKILL\); restarting it/);
    const exited = new Promise<number | null>((resolve) => hub.child.once('exit', (code) => resolve(code)));
    hub.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 300_000);
});
