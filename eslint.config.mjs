import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-output/', 'operations/generated/', 'bench/results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The layers' import rules, as lint errors: providers and telemetry meet only in
  // src/provider-calls; only the schema build reaches into resolvers/.
  {
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/telemetry', '**/telemetry/**', '**/resolvers/**'] }] },
  },
  {
    files: ['src/telemetry/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/providers/**', '**/resolvers/**'] }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/server/schema/schema.ts', 'src/providers/**', 'src/telemetry/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/resolvers', '**/resolvers/**'] }] },
  },
);
