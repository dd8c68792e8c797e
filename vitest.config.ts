import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['schema/src/**/*.test.ts', 'server/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/bench/**'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers only queue on the database.
    maxWorkers: 2,
  },
});
