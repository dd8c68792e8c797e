import { afterAll, inject } from 'vitest';
import { connect, type HubDatabase } from '../../schema/src/index';
import { adminQuery, databaseUrl, uniqueName } from './postgres';

export interface TestDatabase extends HubDatabase {
  url: string;
}

/**
 * A database of this test file's own, copied from a template (migrated and empty, or with the demo county),
 * dropped when the file's tests are done.
 */
export async function freshDatabase(template: 'empty' | 'demo' = 'empty', options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const name = uniqueName('fupin_test');
  const source = inject(template === 'empty' ? 'emptyTemplate' : 'demoTemplate');
  await adminQuery(`create database ${name} template ${source}`);
  const url = databaseUrl(name);
  const database = await connect({ databaseUrl: url, ...options });
  afterAll(async () => {
    await database.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return { ...database, url };
}
