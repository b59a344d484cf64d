import { createUnionType } from 'type-graphql';
import type { WorkspaceDetails as DomainDetails } from '../../src/domain/workspace';
import { PROVIDERS } from '../../src/providers';
import { PROVIDER_NAMES, type ProviderName } from '../../src/registry';

/** Each provider's details object type (from its folder's details.ts), in registry order. */
const DETAILS_TYPES = PROVIDER_NAMES.map((name) => PROVIDERS[name].graphql.details);

const DETAILS_TYPE_NAME = Object.fromEntries(
  PROVIDER_NAMES.map((name) => [name, PROVIDERS[name].graphql.details.name]),
) as Record<ProviderName, string>;

/** Resolvers hand over domain details, which carry their provider. */
const detailsTypeOf = (details: unknown): string => DETAILS_TYPE_NAME[(details as DomainDetails).provider];

export const WorkspaceDetails = createUnionType({
  name: 'WorkspaceDetails',
  description: "What only the workspace's provider has.",
  types: () => DETAILS_TYPES,
  resolveType: detailsTypeOf,
});

/**
 * The same, synchronous, as the schema's resolver map takes it: type-graphql wraps a union's
 * resolveType in an async function, which graphql-jit (src/server/schema/compiled-execution.ts)
 * does not await.
 */
export const workspaceDetailsResolvers = { WorkspaceDetails: { __resolveType: detailsTypeOf } };
