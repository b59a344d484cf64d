import { defineFacts } from '../../registry/kit';
import type { FlashbackDetails } from './details';

/** Flashback's update takes only a name (unique within the organization; no documented length). */
export const flashbackFacts = defineFacts<FlashbackDetails>()({
  name: 'flashback',
  label: 'Flashback',
  reference: { segments: 1, shape: '<workspace id>', example: '123e4567-e89b-12d3-a456-426614174000' },
  inputFields: {},
  fields: { name: {} },
});
