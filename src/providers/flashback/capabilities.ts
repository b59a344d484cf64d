import type { ProviderCapabilities } from '../../domain/capabilities';

/** Flashback's update takes only a name (unique within the organization; no documented length). */
export const flashbackCapabilities: ProviderCapabilities = {
  provider: 'flashback',
  referenceSegments: 1,
  fields: { name: {} },
};
