import type { ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';

/** A caller's request id is kept when it looks like one (so logs line up with the router's). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * One structured log line per GraphQL operation, with its request id (also returned as the
 * `x-request-id` response header), name, duration and error codes. Variables are not logged.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const requestId = requestIdOf(request.http?.headers.get('x-request-id'));
      const started = performance.now();
      const log = logger.child({ requestId });
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
