import { defineFacts, inputField } from '../../registry/kit';
import type { DreadnodeDetails } from './details';

/** Dreadnode's reference is `<org slug>/<ws slug>`; the ws slug is the `key`, so a new key must be a safe segment. */
export const dreadnodeFacts = defineFacts<DreadnodeDetails>()({
  name: 'dreadnode',
  label: 'Dreadnode',
  reference: { segments: 2, shape: '<org slug>/<ws slug>', example: 'acme/research' },
  inputFields: {
    key: inputField.string(),
    isActive: inputField.boolean(),
  },
  fields: {
    name: {},
    description: {},
    key: { isReference: true },
    isActive: {},
  },
});
