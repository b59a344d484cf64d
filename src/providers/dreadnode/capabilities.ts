import type { ProviderCapabilities } from '../../domain/capabilities';

/** Dreadnode's reference is `<org slug>/<ws slug>`; the ws slug is the `key`, so a new key must be a safe segment. */
export const dreadnodeCapabilities: ProviderCapabilities = {
  provider: 'dreadnode',
  referenceSegments: 2,
  fields: {
    name: {},
    description: {},
    key: { isReference: true },
    isActive: {},
  },
};
