import { createUnionType } from 'type-graphql';
import type { WorkspaceDetails as DomainDetails } from '../../src/domain/workspace';
import { PROVIDERS } from '../../src/providers';
import { PROVIDER_NAMES, type ProviderName } from '../../src/registry';

/** Each provider's details object type (from its folder's details.ts), in registry order. */
const DETAILS_TYPES = PROVIDER_NAMES.map((name) => PROVIDERS[name].graphql.details);

const DETAILS_TYPE_NAME = Object.fromEntries(
  PROVIDER_NAMES.map((name) => [name, PROVIDERS[name].graphql.details.name]),
) as Record<ProviderName, string>;

export const WorkspaceDetails = createUnionType({
  name: 'WorkspaceDetails',
  description: "What only the workspace's provider has.",
  types: () => DETAILS_TYPES,
  // Resolvers hand over domain details, which carry their provider.
  resolveType: (details) => DETAILS_TYPE_NAME[(details as DomainDetails).provider],
});
