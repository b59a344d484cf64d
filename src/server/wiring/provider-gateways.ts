import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { createHash } from 'node:crypto';
import {
  credentialFor,
  credentialKeyer,
  type CredentialPolicy,
  type CredentialRequest,
  type TenantCredentials,
} from '../../credentials';
import { failures, type WorkspaceFailure } from '../../domain/failures';
import { PROVIDER_LABELS, PROVIDER_NAMES, type ProviderName } from '../../domain/provider';
import type { WorkspaceGateway } from '../../domain/workspace-gateway';
import { GuardedGateway, type FairUse, type RequestScope } from '../../limits';
import { PROVIDERS, type ProviderSettings } from '../../providers';
import type { SendRequest } from '../../providers/shared/http-client';
import { composeProviderCall, type CallObservers } from '../../providers/shared/provider-call';
import { ProviderResilience } from '../../providers/shared/resilience';
import { measureAttempts, type Metrics } from '../../telemetry/metrics';
import { traceAttempt, traceCall } from '../../telemetry/provider-spans';
import { tracingConfigured } from '../../telemetry/register';
import type { AppConfig } from '../config/config';

/** Where the embedded emulator serves the providers that have no base URL of their own. */
export interface EmulatorEndpoints {
  baseUrls: Record<ProviderName, string>;
  token: string;
}

export type ProviderSettingsMap = Record<ProviderName, ProviderSettings | undefined>;

export interface ProviderWiring {
  emulator?: EmulatorEndpoints | undefined;
  /** The HTTP client every provider call goes through (createHttpClient). */
  send: SendRequest;
  /** Replicas' shared cache (Redis) for provider GET responses. */
  sharedCache?: KeyValueCache<string> | undefined;
  /** The tenants' tokens, when a provider uses `tenant` credentials. */
  tenants?: TenantCredentials | undefined;
  /** Provider requests, retries and breaker states are recorded here (METRICS_PORT not `off`). */
  metrics?: Metrics | undefined;
}

/**
 * Settings per provider, once at start-up: its own base URL, else the emulator's, else none;
 * whose credential it is called with; each with its own breaker, all sharing one HTTP client.
 * Each provider's call pipeline is composed here, once (composeProviderCall), outermost first:
 * the read cache (GETs, with a shared cache), the call's span, the breaker, retries and budget,
 * each attempt's span and metrics, the HTTP client.
 */
export function resolveProviderSettings(config: AppConfig, wiring: ProviderWiring): ProviderSettingsMap {
  const { emulator, send, sharedCache, tenants, metrics } = wiring;
  const readCache = sharedCache && {
    cache: sharedCache,
    ttlSeconds: config.readCacheTtlSeconds,
    credentialKey: credentialKeyOf(config),
  };
  // The span layers only when tracing is on: off, a call does not even look at the context.
  const observers: CallObservers = {
    call: tracingConfigured ? [traceCall] : [],
    attempt: [...(tracingConfigured ? [traceAttempt] : []), ...(metrics ? [measureAttempts(metrics)] : [])],
  };
  const entries = PROVIDER_NAMES.map((provider): [ProviderName, ProviderSettings | undefined] => {
    const { baseUrl, token, credentials: mode } = config.providers[provider];
    const emulated = !baseUrl && emulator !== undefined;
    const serviceToken = emulated ? emulator.token : token;
    const credentials: CredentialPolicy =
      mode === 'service'
        ? { mode, token: serviceToken }
        : mode === 'tenant'
          ? { mode, tenants: tenantsOrThrow(tenants) }
          : { mode };
    const url = baseUrl ?? emulator?.baseUrls[provider];
    if (!url) return [provider, undefined];
    const resilience = new ProviderResilience(config.upstream);
    metrics?.watchBreaker(provider, () => resilience.breakerState);
    const parts = { send, resilience, readCache };
    return [provider, { baseUrl: url, credentials, ...parts, call: composeProviderCall(parts, observers) }];
  });
  return Object.fromEntries(entries) as ProviderSettingsMap;
}

/** The limits every provider call of one HTTP request goes through (src/limits). */
export interface RequestLimiting {
  scope: RequestScope;
  fairUse: FairUse;
  /** A keyed hash of a credential: its lanes and waits are keyed by it, never by the credential. */
  credentialKey(credential: string): string;
  /** The request's trace when it is sampled (src/telemetry/server-spans.ts), the parent of its provider calls' spans. */
  trace?: unknown;
}

/**
 * For one GraphQL request: each provider's data source, created on first use with this
 * request's credential for that provider (or why there is none: nothing is then sent), behind
 * the request's and the process's limits.
 */
export function requestGateways(
  settings: ProviderSettingsMap,
  request: CredentialRequest,
  limiting: RequestLimiting,
): (provider: ProviderName) => WorkspaceGateway | WorkspaceFailure {
  const created = new Map<ProviderName, WorkspaceGateway>();
  return (provider) => {
    const providerSettings = settings[provider];
    if (!providerSettings) return notConfigured(provider);
    let gateway = created.get(provider);
    if (!gateway) {
      const credential = credentialFor(provider, providerSettings.credentials, request);
      if (!credential.ok) return credential.failure;
      const { scope, fairUse, credentialKey, trace } = limiting;
      const dataSource = PROVIDERS[provider].createDataSource(providerSettings, credential.token, scope, trace);
      // The service credential is one per provider: its key needs no hash (one HMAC less per request).
      const credentialId =
        providerSettings.credentials.mode === 'service' ? 'service' : credentialKey(credential.token);
      gateway = new GuardedGateway(dataSource, scope, fairUse, {
        credential: `${provider}:${credentialId}`,
        share: () => `${provider}:${shareHolder(request.caller)}`,
      });
      created.set(provider, gateway);
    }
    return gateway;
  };
}

/**
 * Whose share of TENANT_WRITE_RATE a write counts against: the tenant, else the caller (`sub`),
 * else every unverified caller together (AUTH_MODE=off: the router is the one caller). Hashed: a
 * `sub` may hold any character, and a Redis key need not show it.
 */
function shareHolder(caller: CredentialRequest['caller']): string {
  const holder =
    caller.tenant !== null ? `tenant\0${caller.tenant}` : caller.subject !== null ? `sub\0${caller.subject}` : null;
  return holder === null ? 'unverified' : createHash('sha256').update(holder).digest('base64url').slice(0, 22);
}

/** The keyed hash that lanes, waits and cache keys use: replicas sharing Redis agree on it. */
export function credentialKeyOf(config: AppConfig): (credential: string) => string {
  return credentialKeyer(config.cacheKeySecret ?? derivedCacheKeySecret(config));
}

/**
 * Without CACHE_KEY_SECRET, replicas still agree on a key: one derived from the Redis URL they
 * share. Set CACHE_KEY_SECRET so that whoever can read Redis cannot test guesses of a token.
 */
function derivedCacheKeySecret(config: AppConfig): string {
  return createHash('sha256')
    .update(`workspace-subgraph cache key\0${config.redisUrl ?? ''}`)
    .digest('base64url');
}

function tenantsOrThrow(tenants: TenantCredentials | undefined): TenantCredentials {
  if (!tenants) throw new Error('tenant credentials are configured but TENANT_CREDENTIALS_FILE was not loaded');
  return tenants;
}

function notConfigured(provider: ProviderName): WorkspaceFailure {
  return failures.provider(
    provider,
    { status: null, code: 'PROVIDER_NOT_CONFIGURED', retryable: false },
    `${PROVIDER_LABELS[provider]} is not configured on this subgraph (set ${provider.toUpperCase()}_BASE_URL).`,
  );
}
