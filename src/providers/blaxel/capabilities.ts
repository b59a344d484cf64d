import type { ProviderCapabilities } from '../../domain/capabilities';

/** Blaxel documents no length limits. Its reference is the name, so a rename must stay a safe path segment. */
export const blaxelCapabilities: ProviderCapabilities = {
  provider: 'blaxel',
  referenceSegments: 1,
  fields: {
    name: { isReference: true },
    displayName: {},
    labels: {},
    region: {},
    runtimeGeneration: {},
    groupMappings: {},
    accountId: {},
  },
};
