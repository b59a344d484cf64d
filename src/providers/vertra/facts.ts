import { defineFacts, inputField } from '../../registry/kit';
import type { VertraDetails } from './details';

/** Vertra Cloud's documented limits: name 50, description 200, each tag 20 characters. */
export const vertraFacts = defineFacts<VertraDetails>()({
  name: 'vertra',
  label: 'Vertra Cloud',
  reference: { segments: 1, shape: '<workspace id>', example: 'org123' },
  inputFields: {
    tags: inputField.stringList('Replaces the whole set.'),
  },
  fields: {
    name: { maxLength: 50 },
    description: { maxLength: 200 },
    tags: { itemMaxLength: 20 },
  },
});
