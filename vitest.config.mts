import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // graphql must be loaded once (CommonJS) so that type-graphql, @apollo/subgraph and the
    // tests share one copy; two copies fail with "Cannot use GraphQLSchema from another realm".
    server: { deps: { fallbackCJS: true } },
  },
});
