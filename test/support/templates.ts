import { inject } from 'vitest';
import { adminQuery, databaseUrl } from './postgres';

/**
 * A database of its own for a test file, copied from one of the run's templates (migrated and empty, or with
 * the demo county); the run's teardown drops it with every other database of the run. Returns its URL.
 * Apart from database.ts, so that a test can open it with a schema package other than this tree's.
 */
export async function copyOfTemplate(template: 'empty' | 'demo'): Promise<string> {
  const name = `${inject('runPrefix')}_${Math.random().toString(36).slice(2, 8)}`;
  const source = inject(template === 'empty' ? 'emptyTemplate' : 'demoTemplate');
  await adminQuery(`create database ${name} template ${source}`);
  return databaseUrl(name);
}
