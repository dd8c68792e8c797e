import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['schema/src/**/*.test.ts', 'test/**/*.test.ts'], globalSetup: ['test/scratch/globalSetup.ts'], hookTimeout: 60000 } });
