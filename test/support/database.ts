import { afterAll } from 'vitest';
import { connect, type HubDatabase } from '../../schema/src/index';
import { copyOfTemplate } from './templates';

export interface TestDatabase extends HubDatabase {
  url: string;
}

/**
 * A database of this test file's own, copied from a template (migrated and empty, or with the demo county).
 * Its connections close when the file is done; the run's teardown drops it with every other database of the run.
 */
export async function freshDatabase(
  template: 'empty' | 'demo' = 'empty',
  options: { onQuery?: (sql: string) => void } = {},
): Promise<TestDatabase> {
  const url = await copyOfTemplate(template);
  const database = await connect({ databaseUrl: url, ...options });
  afterAll(() => database.close());
  return { ...database, url };
}
