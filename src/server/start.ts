import { PROVIDER_LABELS } from '../domain/provider';
import { startEmulator, type Emulator } from '../emulator';
import { createHttpClient } from '../providers/shared/http-client';
import { startSubgraphServer, type SubgraphServer } from './app';
import { providersWithoutBaseUrl, type AppConfig } from './config';
import type { Logger } from './logger';
import { resolveProviderSettings } from './provider-gateways';
import { buildWorkspaceSchema } from './schema';

export interface RunningSubgraph {
  server: SubgraphServer;
  /** The embedded emulator, when one was started. */
  emulator: Emulator | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: build the schema, start the embedded emulator for the providers that
 * have no base URL (when the emulator is on), wire the providers and start HTTP.
 */
export async function startSubgraph(config: AppConfig, logger: Logger): Promise<RunningSubgraph> {
  const schema = await buildWorkspaceSchema();
  const unconfigured = providersWithoutBaseUrl(config);
  const emulator = config.emulator && unconfigured.length > 0 ? await startEmulator({ port: 0 }) : undefined;
  if (emulator) {
    logger.info(
      { emulator: emulator.url, providers: unconfigured },
      `Serving ${unconfigured.map((p) => PROVIDER_LABELS[p]).join(', ')} from the embedded provider emulator at ${emulator.url} (set <P>_BASE_URL to use a real provider)`,
    );
  } else if (unconfigured.length > 0) {
    logger.warn(
      { providers: unconfigured },
      'Providers without a base URL are not configured: their workspaces give WorkspaceProviderError',
    );
  }
  const http = createHttpClient(config.upstream);
  const shared = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
  const providerSettings = resolveProviderSettings(config, emulator, http.fetch, shared?.cache);
  const server = await startSubgraphServer({
    schema,
    providerSettings,
    production: config.production,
    readConcurrency: config.readConcurrency,
    logger,
    port: config.port,
    host: config.host,
    graphiql: config.graphiql,
    routerSecret: config.routerSecret,
    maxBodyBytes: config.maxBodyBytes,
    cache: shared?.cache,
  });
  return {
    server,
    emulator,
    close: async () => {
      await server.close();
      await http.close();
      await shared?.close();
      await emulator?.close();
    },
  };
}

/** The Redis client (~400 modules) is loaded only by the replicas that use it. */
async function connectRedis(redisUrl: string, logger: Logger) {
  const { connectSharedCache } = await import('./shared-cache.js');
  return connectSharedCache(redisUrl, logger);
}
