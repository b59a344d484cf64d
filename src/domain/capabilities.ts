import type { FieldRule } from '../registry/kit';
import type { PatchField } from './patch';
import type { ProviderName } from './provider';

export type { FieldRule, InputFieldSpec, ProviderFacts } from '../registry/kit';

/** What the domain and the data sources read of one provider: a view of its facts. */
export interface ProviderCapabilities {
  provider: ProviderName;
  label: string;
  /** Segments of the reference in the global id (two for `<org slug>/<ws slug>`). */
  referenceSegments: number;
  fields: Partial<Record<PatchField, FieldRule>>;
}

export function capabilitiesOf(facts: {
  name: ProviderName;
  label: string;
  reference: { segments: number };
  fields: Readonly<Record<string, FieldRule>>;
}): ProviderCapabilities {
  return {
    provider: facts.name,
    label: facts.label,
    referenceSegments: facts.reference.segments,
    fields: facts.fields as Partial<Record<PatchField, FieldRule>>,
  };
}
