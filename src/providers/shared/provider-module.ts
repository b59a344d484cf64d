// Providers' GraphQL types (details.ts) are type-graphql classes: the metadata polyfill loads first.
import 'reflect-metadata';
import type { ProviderCapabilities, ProviderFacts } from '../../domain/capabilities';
import { ProviderDataSource, type ProviderRestContract } from './provider-data-source';
import type { StopCheck } from '../../limits/request-scope';
import type { ProviderSettings } from './provider-settings';

/** A GraphQL type as type-graphql takes it in `@Field(() => …)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- type-graphql's own ClassType/TypeValue are this loose
export type GraphQLTypeThunk = () => any;

/** A provider's GraphQL types: its details object type and the types of its `custom` input fields. */
export interface ProviderGraphQL {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a type-graphql object type class
  details: new (...args: any[]) => object;
  inputTypes: Readonly<Record<string, GraphQLTypeThunk>>;
}

/** What each provider folder's index.ts exports: its facts, its data source and its GraphQL types. */
export interface ProviderModule {
  facts: ProviderFacts;
  capabilities: ProviderCapabilities;
  graphql: ProviderGraphQL;
  /**
   * A new data source: one per provider per GraphQL request, with that request's credential;
   * `stop` says when the request stopped (no retry is sent after it); `trace`, the request's trace
   * when it is sampled (opaque: the pipeline's tracing layers read it).
   */
  createDataSource(
    settings: ProviderSettings,
    credential: string,
    stop?: StopCheck,
    trace?: unknown,
  ): ProviderDataSource;
}

export function providerModule(
  facts: ProviderFacts,
  contract: ProviderRestContract,
  graphql: ProviderGraphQL,
): ProviderModule {
  const missing = Object.entries(facts.inputFields)
    .filter(([name, spec]) => spec.kind === 'custom' && !graphql.inputTypes[name])
    .map(([name]) => name);
  if (missing.length > 0)
    throw new Error(`${facts.name}: no GraphQL type for its input field(s) ${missing.join(', ')}`);
  return {
    facts,
    capabilities: contract.capabilities,
    graphql,
    createDataSource: (settings, credential, stop, trace) =>
      new ProviderDataSource(contract, settings, credential, stop, trace),
  };
}
