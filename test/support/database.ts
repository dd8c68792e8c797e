import { afterAll, inject } from 'vitest';
import { connect, type HubDatabase } from '../../schema/src/index';
import { adminQuery, databaseUrl } from './postgres';

export interface TestDatabase extends HubDatabase {
  url: string;
}

/**
 * A database of this test file's own, copied from a template (migrated and empty, or with the demo county).
 * Its connections close when the file is done; the run's teardown drops it with every other database of the run.
 */
export async function freshDatabase(template: 'empty' | 'demo' = 'empty', options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const name = `${inject('runPrefix')}_${Math.random().toString(36).slice(2, 8)}`;
  const source = inject(template === 'empty' ? 'emptyTemplate' : 'demoTemplate');
  await adminQuery(`create database ${name} template ${source}`);
  const url = databaseUrl(name);
  const database = await connect({ databaseUrl: url, ...options });
  afterAll(() => database.close());
  return { ...database, url };
}
