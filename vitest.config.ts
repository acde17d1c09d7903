import { defineConfig } from 'vitest/config';

// Four suites, all run by `npm test`:
// - unit: pure code beside what it tests (shared/, functions/, scripts/, miniapp/src)
// - integration: the handlers and the local stack against a real DynamoDB Local
// - infra: CDK assertions on the synthesised templates (bundles with the local esbuild)
// - e2e: `npm start` driven through the H5 app in Debian's Chromium (/usr/bin/chromium)
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'functions/**/*.test.ts',
            'scripts/**/*.test.ts',
            'miniapp/src/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
