import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator, from the committed schema.graphql: typed documents
 * (TypedDocumentNode) for the operations in operations/, and the possible types of every union
 * and interface for clients' caches (Apollo Client: `new InMemoryCache({ possibleTypes })`).
 * `npm run codegen` writes them; `npm run codegen:check` fails when a generated file is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['operations/**/*.graphql'],
  generates: {
    'operations/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          _Any: 'unknown',
          federation__FieldSet: 'string',
          link__Import: 'string',
        },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        useTypeImports: true,
        onlyOperationTypes: true,
      },
    },
    // Without these, Apollo Client's cache cannot tell that a WorkspaceNotFoundError matches
    // `... on Error { message }` and leaves `message` out. federation: true drops the subgraph-only
    // _Entity union, which clients never see through a router; deterministic: sorted, stable output.
    'operations/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, federation: true, deterministic: true },
    },
  },
};

export default config;
