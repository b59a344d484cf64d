import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import express, { type ErrorRequestHandler } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLContext } from '../request/request-context';
import type { Authenticator } from '../../auth';
import { UNVERIFIED_CALLER } from '../../domain/caller';
import { graphiqlRouter } from '../../graphiql';
import { CostEstimator, DEFAULT_REQUEST_LIMITS, type FairUse, type RequestLimits } from '../../limits';
import type { Metrics } from '../../telemetry/metrics';
import { contextFactory } from '../request/context';
import { compiledExecution } from '../schema/compiled-execution';
import { graphqlHandler, sendHttpError } from './graphql-handler';
import { healthRouter } from './health';
import type { Logger } from '../logging/logger';
import type { ProviderSettingsMap } from '../wiring/provider-gateways';
import { noStorePlugin } from '../plugins/no-store';
import { operationMetricsPlugin, updateResultMetrics } from '../plugins/operation-metrics';
import { requestLoggingPlugin } from '../plugins/request-logging';
import { requireAuthenticationPlugin } from '../plugins/require-authentication';
import { operationLimits } from '../plugins/operation-limits';
import { tracingPlugins } from '../plugins/operation-span';

export interface SubgraphServerOptions {
  schema: GraphQLSchema;
  /** How operations run: by graphql-js (default), or compiled by graphql-jit. */
  executor?: 'jit' | 'graphql-js';
  providerSettings: ProviderSettingsMap;
  production: boolean;
  readConcurrency: number;
  /** What one HTTP request may cost and how long it may last. Default: DEFAULT_REQUEST_LIMITS. */
  limits?: RequestLimits;
  /** The process-wide limits every provider call goes through (write lanes, waits, shares). */
  fairUse: FairUse;
  /** The keyed hash of a credential that lanes and waits are keyed by. */
  credentialKey(credential: string): string;
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
  /** Who is calling (AUTH_MODE). Default: nobody is authenticated here. */
  authenticate?: Authenticator;
  /** Refuse unauthenticated callers (AUTH_MODE=jwt). */
  requireAuthentication?: boolean;
  /** Operations and update results are recorded here (METRICS_PORT not `off`). */
  metrics?: Metrics | undefined;
}

export interface SubgraphServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql */
  url: string;
  port: number;
  httpServer: Server;
  /** Stops taking requests, lets in-flight ones finish, then closes. */
  close(): Promise<void>;
}

/**
 * Apollo Server on node:http. `POST /graphql`, the hot path, goes straight to the GraphQL
 * handler; everything else (GraphiQL, GET /graphql, /health, /ready) through an Express app that
 * ends in the same handler.
 */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const app = express();
  // Requests are routed below, once Apollo has started.
  const httpServer = createServer();
  const limits = operationLimits(options.production);
  let draining = false;
  const apollo = new ApolloServer<GraphQLContext>({
    // The schema, run by graphql-jit through Apollo's executor interface (compiled-execution.ts),
    // or given to Apollo as is (graphql-js).
    ...(options.executor === 'graphql-js'
      ? { schema: options.schema }
      : {
          gateway: compiledExecution(options.schema, {
            onFallback: (operationName, reason) =>
              options.logger.warn(
                { operationName, reason },
                'operation runs on graphql-js: graphql-jit could not compile it',
              ),
          }),
        }),
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
      ApolloServerPluginCacheControlDisabled(),
      // Federated tracing (ftv1) for a router that asks for it (`apollo-federation-include-trace`),
      // errors masked; installed here rather than by Apollo Server, which logs that it did so.
      ApolloServerPluginInlineTrace(),
      noStorePlugin(),
      requestLoggingPlugin(options.logger),
      ...(options.metrics ? [operationMetricsPlugin(options.metrics)] : []),
      ...(options.requireAuthentication ? [requireAuthenticationPlugin()] : []),
      // With tracing on, a span per operation of a sampled request.
      ...tracingPlugins(),
      ...limits.plugins,
      { serverWillStart: async () => ({ serverWillStop: async () => void (draining = true) }) },
    ],
    logger: options.logger,
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(healthRouter(options.providerSettings, () => draining));
  if (options.graphiql) app.use(graphiqlRouter({ endpoint: '/graphql' }));
  const graphql = graphqlHandler(apollo, {
    context: contextFactory({
      providerSettings: options.providerSettings,
      readConcurrency: options.readConcurrency,
      fairUse: options.fairUse,
      credentialKey: options.credentialKey,
      authenticate: options.authenticate ?? (async () => ({ ok: true, caller: UNVERIFIED_CALLER })),
      requireAuthentication: options.requireAuthentication,
      logger: options.logger,
      onUpdate: options.metrics && updateResultMetrics(options.metrics),
    }),
    limits: options.limits ?? DEFAULT_REQUEST_LIMITS,
    estimator: new CostEstimator(limits.parseOptions.maxTokens),
    onRefused: options.metrics && ((reason) => options.metrics?.requestRefused(reason)),
    routerSecret: options.routerSecret,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    logger: options.logger,
  });
  app.use('/graphql', (req, res) => graphql(req, res));
  app.use(jsonErrors(options.logger));
  httpServer.on('request', (req, res) => {
    if (req.method === 'POST' && isGraphQLPath(req.url)) graphql(req, res);
    else app(req, res);
  });

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

/** `/graphql` and paths under it, as Express's `app.use('/graphql')` matches them. */
function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith('/graphql')) return false;
  const rest = url.charAt('/graphql'.length);
  return rest === '' || rest === '?' || rest === '/';
}

/**
 * Failures in Express's own routes, as GraphQL-shaped JSON like the GraphQL handler's. Express
 * knows an error handler by its four parameters.
 */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => sendHttpError(res, error, logger);
}
