import type { PatchField } from './patch';
import type { ProviderName } from './provider';

/** How one patch field is accepted by a provider. */
export interface FieldRule {
  /** Maximum length in Unicode code points (documented limits only). */
  maxLength?: number;
  /** Maximum length of each list item, in code points. */
  itemMaxLength?: number;
  /** `null` is sent to the provider (documented nullable); otherwise it is refused. */
  nullable?: boolean;
  /** The value becomes a path segment (a rename): it must be a safe reference segment. */
  isReference?: boolean;
}

/** What a provider can change, and its documented limits. Each provider folder declares one. */
export interface ProviderCapabilities {
  provider: ProviderName;
  /** Segments of the reference in the global id (Dreadnode: org/ws). */
  referenceSegments: number;
  fields: Partial<Record<PatchField, FieldRule>>;
}
