import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../../resolvers';
import { isSchemaOnlyOperation } from '../auth';

/**
 * AUTH_MODE=jwt: an operation from a caller whose token is missing or does not verify is answered
 * HTTP 401 with `WWW-Authenticate: Bearer` and exactly one UNAUTHENTICATED error, before anything
 * runs (so nothing goes upstream). Only a valid operation that selects nothing but `_service` /
 * `__typename` is answered without a token: routers and composition tools fetch the SDL so.
 *
 * Every other outcome is replaced by that one answer, including the ones Apollo Server produces
 * before an operation is resolved (a syntax error, a validation error naming schema fields, an
 * unknown persisted query, a GET mutation): an anonymous caller learns nothing about the schema or
 * the server's state.
 */
export function requireAuthenticationPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      // Set once the operation is known to be the one answered without a token.
      let schemaOnly = false;
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (contextValue.unauthenticated === null) return;
          if (operation && isSchemaOnlyOperation(operation, fragmentsOf(document))) {
            schemaOnly = true;
            return;
          }
          throw unauthenticated(contextValue.unauthenticated);
        },
        async willSendResponse(requestContext) {
          const reason = requestContext.contextValue.unauthenticated;
          if (reason === null || schemaOnly) return;
          refuse(requestContext, reason);
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
  return new GraphQLError(unauthenticatedMessage(reason), { extensions });
}

export const unauthenticatedMessage = (reason: string) => `Unauthenticated: ${reason}.`;

/** Whatever the response was going to be: 401, `WWW-Authenticate: Bearer`, one UNAUTHENTICATED error. */
function refuse(requestContext: GraphQLRequestContextWillSendResponse<GraphQLContext>, reason: string): void {
  const { response } = requestContext;
  response.body = {
    kind: 'single',
    singleResult: { errors: [{ message: unauthenticatedMessage(reason), extensions: { code: 'UNAUTHENTICATED' } }] },
  };
  response.http.status = 401;
  response.http.headers.set('www-authenticate', 'Bearer');
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}
