import { defineFacts, inputField } from '../../registry/kit';
import type { BlaxelDetails } from './details';

/** Blaxel documents no length limits. Its reference is the name, so a rename must stay a safe path segment. */
export const blaxelFacts = defineFacts<BlaxelDetails>()({
  name: 'blaxel',
  label: 'Blaxel',
  reference: { segments: 1, shape: '<workspace name>', example: 'my-workspace' },
  inputFields: {
    displayName: inputField.string(),
    labels: inputField.custom<{ key: string; value: string }[]>('Replaces the whole set.'),
    region: inputField.string(),
    runtimeGeneration: inputField.string(),
    groupMappings: inputField.custom<{ groupName: string; role: string }[]>(),
    accountId: inputField.string(),
  },
  fields: {
    name: { isReference: true },
    displayName: {},
    // Blaxel keeps labels as an object: their order is not kept.
    labels: { unordered: true },
    region: {},
    runtimeGeneration: {},
    groupMappings: {},
    accountId: {},
  },
});
