import type { ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { GraphQLContext } from '../request/request-context';
import { requestLoggerFor, type Logger } from '../logging/logger';
import { traceLogFields } from '../../telemetry/server-spans';

/** What a caller's `x-request-id` may look like to be logged (as `clientRequestId`): bounded, no spaces. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's own id: made here, for every request, whatever the caller sends. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * The caller's `x-request-id` (e.g. the router's, so that logs line up with its own), when it was
 * sent once and looks like one; null otherwise. Logged as `clientRequestId`, next to the
 * server's `requestId`: a caller can name its request, never make its lines pass for another's.
 * Node joins a header sent twice into "a, b", which this refuses.
 */
export function clientRequestIdOf(header: string | string[] | null | undefined): string | null {
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : null;
}

/**
 * One structured log line per GraphQL operation, with the server's request id (also returned as
 * the `x-request-id` response header) and the caller's (`clientRequestId`), the caller's `sub` and
 * tenant, name, duration and error codes. Variables and tokens are not logged.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  const requests = requestLoggerFor(logger);
  return {
    async requestDidStart({ contextValue, request }) {
      const { requestId, caller } = contextValue;
      const traceIds = traceLogFields(contextValue.trace);
      // The same header, read by the same rule as the context's (audit lines) read it.
      const clientRequestId = clientRequestIdOf(request.http?.headers.get('x-request-id'));
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, errors }) {
          response.http.headers.set('x-request-id', requestId);
          // The request's fields written with the line (not a child logger per request: one line needs no child).
          requests.info(
            {
              ...traceIds,
              requestId,
              clientRequestId,
              sub: caller.subject,
              tenant: caller.tenant,
              operationName: operationName ?? null,
              durationMs: Math.round(performance.now() - started),
              errors: errors?.map((e) => e.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
