import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../request/request-context';
import { isSchemaOnlyOperation } from '../../auth';

/**
 * AUTH_MODE=jwt: an operation from a caller whose token is missing or does not verify is answered
 * HTTP 401 with `WWW-Authenticate: Bearer` and exactly one UNAUTHENTICATED error, before anything
 * runs (so nothing goes upstream). Only a valid operation that selects nothing but `_service` /
 * `__typename` is answered without a token: routers and composition tools fetch the SDL so.
 *
 * When the token could not be checked at all (the identity provider's keys could not be fetched),
 * the answer is HTTP 503 with `Retry-After` and exactly one AUTHENTICATION_UNAVAILABLE error
 * instead: the token may well be good, and the caller should retry with it, not throw it away.
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
          throw refusalError(contextValue);
        },
        async willSendResponse(requestContext) {
          if (requestContext.contextValue.unauthenticated === null || schemaOnly) return;
          refuse(requestContext);
        },
      };
    },
  };
}

/** What a caller is answered when its token cannot be checked: status, headers, one error. */
export interface AuthRefusal {
  status: 401 | 503;
  headers: [string, string][];
  error: { message: string; extensions: { code: string } };
}

/** 401 (the token is missing or does not verify) or 503 (it could not be checked: no keys). */
export function authRefusal(context: Pick<GraphQLContext, 'unauthenticated' | 'authUnavailable'>): AuthRefusal {
  if (context.authUnavailable) {
    return {
      status: 503,
      headers: [['retry-after', String(context.authUnavailable.retryAfterSeconds)]],
      error: { message: authUnavailableMessage, extensions: { code: 'AUTHENTICATION_UNAVAILABLE' } },
    };
  }
  return {
    status: 401,
    headers: [['www-authenticate', 'Bearer']],
    error: {
      message: unauthenticatedMessage(context.unauthenticated ?? 'no token'),
      extensions: { code: 'UNAUTHENTICATED' },
    },
  };
}

export const unauthenticatedMessage = (reason: string) => `Unauthenticated: ${reason}.`;

export const authUnavailableMessage =
  'Authentication is unavailable: the keys that verify tokens could not be fetched from the identity provider. Retry with the same token after Retry-After.';

function refusalError(context: GraphQLContext): GraphQLError {
  const refusal = authRefusal(context);
  // Apollo Server reads `extensions.http` for the response's status and headers. Typed loosely:
  // other installed GraphQL servers (graphql-yoga, via the router used in tests) augment the same
  // extension with another shape.
  const extensions: Record<string, unknown> = {
    ...refusal.error.extensions,
    http: { status: refusal.status, headers: new HeaderMap(refusal.headers) },
  };
  return new GraphQLError(refusal.error.message, { extensions });
}

/** Whatever the response was going to be: the refusal's status, headers and one error. */
function refuse(requestContext: GraphQLRequestContextWillSendResponse<GraphQLContext>): void {
  const { response } = requestContext;
  const refusal = authRefusal(requestContext.contextValue);
  response.body = { kind: 'single', singleResult: { errors: [refusal.error] } };
  response.http.status = refusal.status;
  for (const [name, value] of refusal.headers) response.http.headers.set(name, value);
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}
