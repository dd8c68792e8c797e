import { appendFile, readdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { VERSION, ctl, freePorts, queryOnce, requireRoot, run } from './faultCluster';

/** The two clusters' names: fixed, so that a run killed before its cleanup is cleaned up by the next one. */
const PRIMARY = 'hubreplica_p';
const REPLICA = 'hubreplica_r';

/**
 * A PostgreSQL 15 primary and its streaming replica, both of the test's own (the machine's shared cluster
 * on 5432 allows no replication connections, and is never touched): the primary made with
 * pg_createcluster and allowed replication from 127.0.0.1, the replica a pg_basebackup of it (`-R` writes its
 * primary_conninfo and standby.signal). Needs root, as pg_createcluster does (CI runs as root).
 */
export interface ReplicatedClusters {
  primaryPort: number;
  replicaPort: number;
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** one statement on a database of the primary or the replica, on a connection of its own */
  query<R extends Record<string, unknown>>(on: 'primary' | 'replica', database: string, text: string, values?: unknown[]): Promise<R[]>;
  /** waits until the replica has replayed everything the primary has written so far */
  caughtUp(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** drops both clusters, whatever state they are in */
  drop(): Promise<void>;
}

async function dropClusters(): Promise<void> {
  for (const name of [REPLICA, PRIMARY]) await run('pg_dropcluster', [VERSION, name, '--stop']).catch(() => {});
}

export async function createReplicatedClusters(): Promise<ReplicatedClusters> {
  requireRoot('replica tests');
  // what an earlier run, killed before its cleanup, left behind
  await dropClusters();
  const [primaryPort, replicaPort] = (await freePorts(2)) as [number, number];
  const url = (port: number) => (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const primaryUrl = url(primaryPort);
  const replicaUrl = url(replicaPort);
  try {
    // --no-sync: throwaway clusters need not wait for the disk; wal_level replica is PostgreSQL 15's default
    await run('pg_createcluster', [VERSION, PRIMARY, '--port', String(primaryPort), '--', '--auth=trust', '--no-sync']);
    await appendFile(`/etc/postgresql/${VERSION}/${PRIMARY}/pg_hba.conf`, '\nhost replication all 127.0.0.1/32 trust\n');
    await ctl(PRIMARY, 'start');
    await run('pg_createcluster', [VERSION, REPLICA, '--port', String(replicaPort), '--', '--auth=trust', '--no-sync']);
    const dataDir = `/var/lib/postgresql/${VERSION}/${REPLICA}`;
    // emptied, not removed: pg_basebackup (as postgres) may not create it in its root-owned parent
    for (const entry of await readdir(dataDir)) await rm(`${dataDir}/${entry}`, { recursive: true, force: true });
    await run('runuser', [
      '-u',
      'postgres',
      '--',
      `/usr/lib/postgresql/${VERSION}/bin/pg_basebackup`,
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
    // long queries of analysts on the replica are not cancelled for the primary's vacuum (docs/replicas.md)
    await appendFile(`/etc/postgresql/${VERSION}/${REPLICA}/conf.d/replica.conf`, 'hot_standby_feedback = on\n');
    await ctl(REPLICA, 'start');
  } catch (error) {
    await dropClusters();
    throw error;
  }
  const clusters: ReplicatedClusters = {
    primaryPort,
    replicaPort,
    primaryUrl,
    replicaUrl,
    query: (on, database, text, values) => queryOnce((on === 'primary' ? primaryUrl : replicaUrl)(database), text, values),
    async caughtUp() {
      const [{ lsn }] = (await clusters.query<{ lsn: string }>(
        'primary',
        'postgres',
        'select pg_current_wal_insert_lsn()::text as lsn',
      )) as [{ lsn: string }];
      for (let i = 0; i < 600; i++) {
        const [{ done }] = (await clusters.query<{ done: boolean }>(
          'replica',
          'postgres',
          'select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done',
          [lsn],
        )) as [{ done: boolean }];
        if (done) return;
        await sleep(100);
      }
      throw new Error(`the replica did not replay up to ${lsn} within 60 s`);
    },
    stopReplica: () => ctl(REPLICA, 'stop'),
    startReplica: () => ctl(REPLICA, 'start'),
    drop: dropClusters,
  };
  return clusters;
}
