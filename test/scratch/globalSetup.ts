import type { TestProject } from 'vitest/node';
import { connect, migrateToLatest } from '../../schema/src/index';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated, empty template database; each test file copies it (see freshDatabase) */
    emptyTemplate: string;
    /** a migrated template holding the demo county */
    demoTemplate: string;
    demoPassword: string;
  }
}

/**
 * Once per `pnpm test`: two template databases on the real PostgreSQL — one migrated and empty, one with
 * the demo county — that test files copy (`create database … template …` copies files, it is quick).
 * Both are dropped at the end, whatever happened.
 */
export default async function setup(project: TestProject) {
  const emptyTemplate = uniqueName('fupin_test_empty');
  const demoTemplate = uniqueName('fupin_test_demo');
  const demoPassword = 'test-demo-password';
  const drop = () => adminQuery(`drop database if exists ${emptyTemplate} with (force)`, `drop database if exists ${demoTemplate} with (force)`);
  try {
    await adminQuery(`create database ${emptyTemplate}`, `create database ${demoTemplate}`);
    for (const [name, withDemo] of [
      [emptyTemplate, false],
      [demoTemplate, true],
    ] as const) {
      const database = await connect({ databaseUrl: databaseUrl(name) });
      try {
        await migrateToLatest(database.db);
        void withDemo;
      } finally {
        await database.close();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide('emptyTemplate', emptyTemplate);
  project.provide('demoTemplate', demoTemplate);
  project.provide('demoPassword', demoPassword);
  return drop;
}
