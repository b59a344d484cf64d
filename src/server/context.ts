import type { GraphQLContext } from '../../resolvers';
import type { ProviderCapabilities } from '../domain/capabilities';
import type { ProviderName } from '../domain/provider';
import { WorkspaceService } from '../domain/workspace-service';
import { PROVIDERS } from '../providers';
import { requestGateways, type ProviderSettingsMap } from './provider-gateways';

const CAPABILITIES = Object.fromEntries(
  Object.entries(PROVIDERS).map(([name, module]) => [name, module.capabilities]),
) as Record<ProviderName, ProviderCapabilities>;

/** Builds the per-request context: a fresh service, DataLoader and data sources for every request. */
export function contextFactory(settings: ProviderSettingsMap, readConcurrency: number): () => Promise<GraphQLContext> {
  return async () => ({
    workspaces: new WorkspaceService({
      capabilities: CAPABILITIES,
      gateway: requestGateways(settings),
      readConcurrency,
    }),
  });
}
