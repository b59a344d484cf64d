import type { DataSourceConfig } from '@apollo/datasource-rest';
import type { ProviderCapabilities } from '../../domain/capabilities';
import { ProviderDataSource, type ProviderRestContract } from './provider-data-source';
import type { ProviderSettings } from './provider-settings';

/** What each provider folder exports: its capabilities and how to build its data source. */
export interface ProviderModule {
  capabilities: ProviderCapabilities;
  /** A new data source: one per provider per GraphQL request, with that request's credential. */
  createDataSource(settings: ProviderSettings, credential: string, config?: DataSourceConfig): ProviderDataSource;
}

export function providerModule(contract: ProviderRestContract): ProviderModule {
  return {
    capabilities: contract.capabilities,
    createDataSource: (settings, credential, config) => new ProviderDataSource(contract, settings, credential, config),
  };
}
