import { defineFacts } from '../../registry/kit';
import type { AltostratDetails } from './details';

/** Altostrat: name <= 50, description <= 200 and documented nullable (null clears it). */
export const altostratFacts = defineFacts<AltostratDetails>()({
  name: 'altostrat',
  label: 'Altostrat',
  reference: { segments: 1, shape: '<workspace id>', example: 'ws_a1b2c3d4e5f6g7h8' },
  inputFields: {},
  fields: {
    name: { maxLength: 50 },
    description: { maxLength: 200, nullable: true },
  },
});
