import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: typed documents (TypedDocumentNode) for the operations in
 * operations/, from the committed schema.graphql. `npm run codegen` writes them;
 * `npm run codegen:check` fails when the generated file is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['operations/**/*.graphql'],
  generates: {
    'operations/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string', _Any: 'unknown', federation__FieldSet: 'string', link__Import: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        useTypeImports: true,
        onlyOperationTypes: true,
      },
    },
  },
};

export default config;
