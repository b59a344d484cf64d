import type { Fetcher } from '@apollo/utils.fetcher';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { WorkspaceFailure } from '../domain/failures';
import { PROVIDER_LABELS, PROVIDER_NAMES, type ProviderName } from '../domain/provider';
import type { WorkspaceGateway } from '../domain/workspace-gateway';
import { PROVIDERS, type ProviderSettings } from '../providers';
import { ProviderResilience } from '../providers/shared/resilience';
import type { AppConfig } from './config';

/** Where the embedded emulator serves the providers that have no base URL of their own. */
export interface EmulatorEndpoints {
  baseUrls: Record<ProviderName, string>;
  token: string;
}

export type ProviderSettingsMap = Record<ProviderName, ProviderSettings | undefined>;

/**
 * Settings per provider, once at start-up: its own base URL, else the emulator's, else none;
 * each with its own breaker, all sharing one HTTP client.
 */
export function resolveProviderSettings(
  config: AppConfig,
  emulator?: EmulatorEndpoints,
  fetch?: Fetcher,
  sharedCache?: KeyValueCache<string>,
): ProviderSettingsMap {
  const readCache = sharedCache && { cache: sharedCache, ttlSeconds: config.readCacheTtlSeconds };
  const entries = PROVIDER_NAMES.map((provider): [ProviderName, ProviderSettings | undefined] => {
    const { baseUrl, token } = config.providers[provider];
    const common = { resilience: new ProviderResilience(config.upstream), readCache, ...(fetch ? { fetch } : {}) };
    if (baseUrl) return [provider, { baseUrl, token, ...common }];
    if (emulator) return [provider, { baseUrl: emulator.baseUrls[provider], token: emulator.token, ...common }];
    return [provider, undefined];
  });
  return Object.fromEntries(entries) as ProviderSettingsMap;
}

/** For one GraphQL request: each provider's data source, created on first use. */
export function requestGateways(
  settings: ProviderSettingsMap,
): (provider: ProviderName) => WorkspaceGateway | WorkspaceFailure {
  const created = new Map<ProviderName, WorkspaceGateway>();
  return (provider) => {
    const providerSettings = settings[provider];
    if (!providerSettings) return notConfigured(provider);
    let gateway = created.get(provider);
    if (!gateway) {
      gateway = PROVIDERS[provider].createDataSource(providerSettings);
      created.set(provider, gateway);
    }
    return gateway;
  };
}

function notConfigured(provider: ProviderName): WorkspaceFailure {
  return {
    kind: 'provider',
    provider,
    status: null,
    code: 'PROVIDER_NOT_CONFIGURED',
    retryable: false,
    message: `${PROVIDER_LABELS[provider]} is not configured on this subgraph (set ${provider.toUpperCase()}_BASE_URL).`,
  };
}
