// Temporary: the main config without the demo-seeding global setup (while the demo generator is written).
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
const require = createRequire(import.meta.url);
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql', { paths: [new URL('./schema', import.meta.url).pathname] }) }] },
  test: { include: ['schema/src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['**/node_modules/**', 'test/scratch/**'], globalSetup: ['test/scratch/globalSetup.ts'], hookTimeout: 60000, testTimeout: 30000 },
});
