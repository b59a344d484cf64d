import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLContext } from '../../resolvers';
import { graphiqlRouter } from '../graphiql';
import { contextFactory } from './context';
import { healthRouter } from './health';
import type { Logger } from './logger';
import type { ProviderSettingsMap } from './provider-gateways';
import { requestLoggingPlugin } from './request-logging';
import { operationLimits, requireRouterSecret } from './security';

export interface SubgraphServerOptions {
  schema: GraphQLSchema;
  providerSettings: ProviderSettingsMap;
  production: boolean;
  readConcurrency: number;
  logger: Logger;
  port: number;
  host?: string;
  /** Serve GraphiQL to browsers on GET /graphql (Accept: text/html). */
  graphiql?: boolean;
  /** When set, /graphql only answers callers that send it in `x-router-secret`. */
  routerSecret?: string | undefined;
  /** Largest request body accepted; larger gets 413. */
  maxBodyBytes?: number;
  /** Shared by replicas (Redis): automatic persisted queries live here. Default: in memory. */
  cache?: KeyValueCache<string> | undefined;
}

export interface SubgraphServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql */
  url: string;
  port: number;
  httpServer: Server;
  /** Stops taking requests, lets in-flight ones finish, then closes. */
  close(): Promise<void>;
}

/** Apollo Server on Express: /graphql (and GraphiQL for browsers), /health, /ready. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const app = express();
  const httpServer = createServer(app);
  const limits = operationLimits(options.production);
  let draining = false;
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    ...(options.cache ? { cache: options.cache } : {}),
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT (drain, then close the emulator and the HTTP pool).
    stopOnTerminationSignals: false,
    // A router may batch operations; each is still limited on its own.
    allowBatchedHttpRequests: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      requestLoggingPlugin(options.logger),
      ...limits.plugins,
      { serverWillStart: async () => ({ serverWillStop: async () => void (draining = true) }) },
    ],
    logger: options.logger,
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(healthRouter(options.providerSettings, () => draining));
  if (options.graphiql) app.use(graphiqlRouter({ endpoint: '/graphql' }));
  app.use(
    '/graphql',
    ...(options.routerSecret ? [requireRouterSecret(options.routerSecret)] : []),
    express.json({ limit: options.maxBodyBytes ?? 1024 * 1024 }),
    expressMiddleware(apollo, { context: contextFactory(options.providerSettings, options.readConcurrency) }),
  );
  app.use(jsonErrors(options.logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = !options.host || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    httpServer,
    close: () => apollo.stop(),
  };
}

/**
 * Body-parser and other HTTP-level failures as GraphQL-shaped JSON (413 for an oversize body,
 * 400 for bad JSON), never Express's HTML page with a stack trace.
 */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled HTTP error');
    const message =
      status === 413
        ? 'The request body is too large.'
        : status === 400
          ? 'The request body is not valid JSON.'
          : status === 500
            ? 'Internal server error.'
            : 'The request was refused.';
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  };
}
