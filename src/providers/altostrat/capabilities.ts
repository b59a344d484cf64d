import type { ProviderCapabilities } from '../../domain/capabilities';

/** Altostrat: name <= 50, description <= 200 and documented nullable (null clears it). */
export const altostratCapabilities: ProviderCapabilities = {
  provider: 'altostrat',
  referenceSegments: 1,
  fields: {
    name: { maxLength: 50 },
    description: { maxLength: 200, nullable: true },
  },
};
