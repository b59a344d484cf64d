import type { ProviderCapabilities } from '../../domain/capabilities';

/** Vertra Cloud's documented limits: name 50, description 200, each tag 20 characters. */
export const vertraCapabilities: ProviderCapabilities = {
  provider: 'vertra',
  referenceSegments: 1,
  fields: {
    name: { maxLength: 50 },
    description: { maxLength: 200 },
    tags: { itemMaxLength: 20 },
  },
};
