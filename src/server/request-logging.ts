import type { ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { GraphQLContext } from '../../resolvers';
import type { Logger } from './logger';

/** A caller's request id is kept when it looks like one (so logs line up with the router's). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * One structured log line per GraphQL operation, with its request id (also returned as the
 * `x-request-id` response header), the caller's `sub` and tenant, name, duration and error
 * codes. Variables and tokens are not logged.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const { requestId, caller } = contextValue;
      const started = performance.now();
      const log = logger.child({ requestId, sub: caller.subject, tenant: caller.tenant });
      return {
        async willSendResponse({ response, operationName, errors }) {
          response.http.headers.set('x-request-id', requestId);
          log.info(
            {
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
