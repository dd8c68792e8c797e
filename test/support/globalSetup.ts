import type { TestProject } from 'vitest/node';
import { connect, migrateToLatest } from '../../schema/src/index';
import { seedDemo } from '../../schema/src/demo/index';
import { adminQuery, databaseUrl, dropDatabasesStartingWith, uniqueName } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated, empty template database; each test file copies it (see freshDatabase) */
    /** every database this run creates starts with it, so the end of the run drops them all */
    runPrefix: string;
    emptyTemplate: string;
    /** a migrated template holding the demo county */
    demoTemplate: string;
    demoPassword: string;
  }
}

/**
 * Once per `pnpm test`: two template databases on the real PostgreSQL — one migrated and empty, one with
 * the demo county — that test files copy (`create database … template …` copies files, it is quick).
 * They, and every copy, are dropped at the end, whatever happened.
 */
export default async function setup(project: TestProject) {
  const runPrefix = uniqueName('fupin_test');
  const emptyTemplate = `${runPrefix}_empty`;
  const demoTemplate = `${runPrefix}_demo`;
  const demoPassword = 'test-demo-password';
  // Drops every database of this run — templates and each test file's copy — whatever happened to the files.
  const drop = () => dropDatabasesStartingWith(runPrefix);
  try {
    await adminQuery(`create database ${emptyTemplate}`, `create database ${demoTemplate}`);
    for (const [name, withDemo] of [
      [emptyTemplate, false],
      [demoTemplate, true],
    ] as const) {
      const database = await connect({ databaseUrl: databaseUrl(name) });
      try {
        await migrateToLatest(database.db);
        if (withDemo) await seedDemo(database.db, { password: demoPassword });
      } finally {
        await database.close();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide('runPrefix', runPrefix);
  project.provide('emptyTemplate', emptyTemplate);
  project.provide('demoTemplate', demoTemplate);
  project.provide('demoPassword', demoPassword);
  return drop;
}
