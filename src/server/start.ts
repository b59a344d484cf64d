import {
  createAuthenticator,
  DEV_AUDIENCE,
  DEV_ISSUER,
  devKeySet,
  keySetFromFile,
  keySetFromUrl,
  loadOrCreateDevKey,
  type AuthSettings,
  type KeySet,
} from '../auth';
import { TenantCredentials, type ReloadResult } from '../credentials';
import { PROVIDER_LABELS, PROVIDER_NAMES } from '../domain/provider';
import { startEmulator, type Emulator } from '../emulator';
import { MemoryFairUseStore, WriteLanes, type FairUse } from '../limits';
import { createHttpClient } from '../providers/shared/http-client';
import { createMetrics } from '../telemetry/metrics';
import { startMetricsServer } from '../telemetry/metrics-server';
import { startSubgraphServer, type SubgraphServer } from './http/app';
import { providersWithoutBaseUrl, type AppConfig } from './config/config';
import type { Logger } from './logging/logger';
import { credentialKeyOf, resolveProviderSettings } from './wiring/provider-gateways';
import { buildWorkspaceSchema } from './schema/schema';

export interface RunningSubgraph {
  server: SubgraphServer;
  /** The embedded emulator, when one was started. */
  emulator: Emulator | undefined;
  /** Where Prometheus scrapes (METRICS_PORT), e.g. http://127.0.0.1:9464/metrics; undefined when `off`. */
  metricsUrl: string | undefined;
  /** The process-wide limits (write lanes, providers' waits, tenants' shares). */
  fairUse: FairUse;
  /**
   * Re-reads TENANT_CREDENTIALS_FILE (on SIGHUP), checked as at start: a refused file keeps the
   * previous table (and logs why). Undefined when there is no such file.
   */
  reloadTenantCredentials(): ReloadResult | undefined;
  close(): Promise<void>;
}

/**
 * The composition root: build the schema, start the embedded emulator for the providers that
 * have no base URL (when the emulator is on), wire the providers and start HTTP.
 */
export async function startSubgraph(config: AppConfig, logger: Logger): Promise<RunningSubgraph> {
  const schema = await buildWorkspaceSchema();
  const auth = await authSettings(config, logger);
  const tenants = loadTenantCredentials(config, logger);
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
  // METRICS_PORT=off: no registry, nothing recorded.
  const metrics = config.metricsPort === 'off' ? undefined : createMetrics();
  const providerSettings = resolveProviderSettings(config, {
    emulator,
    send: http.send,
    sharedCache: shared?.cache,
    tenants,
    metrics,
  });
  const fairUse: FairUse = {
    lanes: new WriteLanes(config.writeConcurrency),
    store: shared ? shared.fairUseStore : new MemoryFairUseStore(),
    tenantWriteRate: config.tenantWriteRate,
    callBudgetMs: config.upstream.budgetMs,
    onNotSent: metrics && ((provider, reason) => metrics.callNotSent(provider, reason)),
  };
  const server = await startSubgraphServer({
    schema,
    executor: config.executor,
    providerSettings,
    production: config.production,
    readConcurrency: config.readConcurrency,
    limits: config.limits,
    fairUse,
    credentialKey: credentialKeyOf(config),
    logger,
    port: config.port,
    host: config.host,
    graphiql: config.graphiql,
    routerSecret: config.routerSecret,
    maxBodyBytes: config.maxBodyBytes,
    cache: shared?.cache,
    authenticate: createAuthenticator(auth),
    requireAuthentication: auth.mode === 'jwt',
    metrics,
  });
  const metricsServer =
    metrics && config.metricsPort !== 'off'
      ? await startMetricsServer(metrics.registry, { port: config.metricsPort, host: config.host })
      : undefined;
  if (metricsServer) logger.info({ metrics: metricsServer.url }, `Prometheus metrics at ${metricsServer.url}`);
  return {
    server,
    emulator,
    metricsUrl: metricsServer?.url,
    fairUse,
    reloadTenantCredentials: () => {
      if (!tenants) return undefined;
      const result = tenants.reload();
      if (result.ok) logger.info({ tenants: result.tenants }, 'Tenant credentials reloaded');
      else {
        logger.error(
          { reason: result.error, tenants: result.tenants },
          `Tenant credentials not reloaded (TENANT_CREDENTIALS_FILE: ${result.error}): keeping the previous ones`,
        );
      }
      return result;
    },
    close: async () => {
      await server.close();
      await metricsServer?.close();
      await http.close();
      await shared?.close();
      await emulator?.close();
    },
  };
}

/** The Redis client (~400 modules) is loaded only by the replicas that use it. */
async function connectRedis(redisUrl: string, logger: Logger) {
  const { connectSharedCache } = await import('./wiring/shared-cache.js');
  return connectSharedCache(redisUrl, logger);
}

/** AUTH_MODE as the authenticator takes it, with its verification keys. */
async function authSettings(config: AppConfig, logger: Logger): Promise<AuthSettings> {
  const auth = config.auth;
  if (auth.mode === 'off') return auth;
  let keys: KeySet;
  let { issuer, audience } = auth;
  if (auth.jwks.kind === 'url') {
    // Each failed fetch once (they are spaced by the back-off): the reason, never a key.
    keys = keySetFromUrl(auth.jwks.url, {
      onFetchError: (error) =>
        logger.warn(
          { reason: error.message, retryAfterMs: error.retryAfterMs },
          'The JWKS (AUTH_JWKS_URL) could not be fetched: keys fetched before serve while trusted; without them, callers get 503',
        ),
    });
  } else if (auth.jwks.kind === 'file') keys = keySetFromFile(auth.jwks.path);
  else {
    keys = devKeySet(await loadOrCreateDevKey());
    issuer ??= DEV_ISSUER;
    audience ??= DEV_AUDIENCE;
    logger.warn('AUTH_MODE=jwt with the development key (npm run token): for the embedded emulator only');
  }
  return {
    mode: 'jwt',
    keys,
    issuer,
    audience,
    tenantClaim: auth.tenantClaim,
    maxTokenLifetimeSeconds: auth.maxTokenLifetimeSeconds,
  };
}

/**
 * TENANT_CREDENTIALS_FILE, checked as every reload checks it (readTenantFile): a file that is not
 * JSON, not `{"<tenant>": {"<provider>": "<token>"}}`, names a provider this subgraph does not have,
 * or has no token for a provider in `tenant` mode stops the start-up.
 */
function loadTenantCredentials(config: AppConfig, logger: Logger): TenantCredentials | undefined {
  if (!config.tenantCredentialsFile) return undefined;
  const tenantProviders = PROVIDER_NAMES.filter((p) => config.providers[p].credentials === 'tenant');
  const tenants = new TenantCredentials(config.tenantCredentialsFile, { tenantProviders });
  logger.info({ tenants: tenants.tenantCount }, 'Tenant credentials loaded');
  return tenants;
}
