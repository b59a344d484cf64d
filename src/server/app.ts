import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLContext } from '../../resolvers';
import { contextFactory } from './context';
import type { Logger } from './logger';
import type { ProviderSettingsMap } from './provider-gateways';

export interface SubgraphServerOptions {
  schema: GraphQLSchema;
  providerSettings: ProviderSettingsMap;
  production: boolean;
  readConcurrency: number;
  logger: Logger;
  port: number;
  host?: string;
}

export interface SubgraphServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql */
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

/** Starts Apollo Server on Express: POST/GET /graphql, GET /health. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const app = express();
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    csrfPrevention: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
    logger: options.logger,
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: contextFactory(options.providerSettings, options.readConcurrency) }),
  );

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
