import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../../resolvers';
import { isSchemaOnlyOperation } from '../auth';

/**
 * AUTH_MODE=jwt: an operation from a caller whose token is missing or does not verify is answered
 * HTTP 401 with `WWW-Authenticate: Bearer` and one UNAUTHENTICATED error, before anything runs
 * (so nothing goes upstream). Only `_service` / `__typename` are answered without a token:
 * routers and composition tools fetch the SDL so.
 */
export function requireAuthenticationPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (contextValue.unauthenticated === null) return;
          if (operation && isSchemaOnlyOperation(operation, fragmentsOf(document))) return;
          throw unauthenticated(contextValue.unauthenticated);
        },
      };
    },
  };
}

export function unauthenticated(reason: string): GraphQLError {
  // Apollo Server reads `extensions.http` for the response's status and headers. Typed loosely:
  // other installed GraphQL servers (graphql-yoga, via the router used in tests) augment the same
  // extension with another shape.
  const extensions: Record<string, unknown> = {
    code: 'UNAUTHENTICATED',
    http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) },
  };
  return new GraphQLError(`Unauthenticated: ${reason}.`, { extensions });
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}
