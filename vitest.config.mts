import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.js (CommonJS) and index.mjs. type-graphql, @apollo/server and
    // @apollo/subgraph load the CommonJS one; make the project's own files load the same copy,
    // or schema building fails with "Cannot determine GraphQL output type" / "another realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A logger made without a destination writes nowhere in tests (audit lines included).
    setupFiles: ['test/support/quiet-logs.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Subgraph processes the tests start inherit it: none serves metrics on the default port 9464
    // (several run at once); the tests that read metrics set METRICS_PORT=0.
    env: { METRICS_PORT: 'off' },
  },
});
