import { enumValueOf, SHARED_INPUT_FIELDS, type InputFieldSpec } from './kit';
import { altostratFacts } from '../providers/altostrat/facts';
import { blaxelFacts } from '../providers/blaxel/facts';
import { dreadnodeFacts } from '../providers/dreadnode/facts';
import { flashbackFacts } from '../providers/flashback/facts';
import { terraformFacts } from '../providers/terraform/facts';
import { vertraFacts } from '../providers/vertra/facts';

/**
 * THE registry: every provider's facts (its folder's `facts.ts`), in the order of the schema's
 * enum, union and input fields. The names, labels, enum values, id shapes, input fields, patch
 * rules and details types used everywhere else are derived from this list; the implementations
 * are listed in ./index.ts, which the compiler holds to the same names.
 *
 * Pure data (facts import no provider code), so the domain can read it without a cycle.
 */
export const PROVIDER_FACTS = [
  blaxelFacts,
  dreadnodeFacts,
  flashbackFacts,
  vertraFacts,
  altostratFacts,
  terraformFacts,
] as const;

export type RegisteredFacts = (typeof PROVIDER_FACTS)[number];
export type ProviderName = RegisteredFacts['name'];

/** The shape of `details` of the provider(s) F. */
export type DetailsOf<F> = F extends { readonly detailsType?: infer Details } ? Exclude<Details, undefined> : never;

export const PROVIDER_NAMES: readonly ProviderName[] = PROVIDER_FACTS.map((facts) => facts.name);

export const FACTS_BY_NAME = Object.fromEntries(PROVIDER_FACTS.map((facts) => [facts.name, facts])) as {
  [F in RegisteredFacts as F['name']]: F;
};

/** Human-readable names, for messages. */
export const PROVIDER_LABELS = Object.fromEntries(PROVIDER_FACTS.map((f) => [f.name, f.label])) as Record<
  ProviderName,
  string
>;

/** The schema's WorkspaceProvider enum: `<NAME>` -> `<name>`. */
export const PROVIDER_ENUM = Object.fromEntries(PROVIDER_FACTS.map((f) => [enumValueOf(f.name), f.name])) as {
  [F in RegisteredFacts as Uppercase<F['name']>]: F['name'];
};

export function isProviderName(value: string): value is ProviderName {
  return Object.prototype.hasOwnProperty.call(FACTS_BY_NAME, value);
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;

/** Every input field of UpdateWorkspaceInput: the shared ones, then each provider's own. */
export type InputFields = typeof SHARED_INPUT_FIELDS & UnionToIntersection<RegisteredFacts['inputFields']>;
export type PatchField = keyof InputFields & string;
export type InputValue<Spec> = Spec extends InputFieldSpec<infer Value> ? Value : never;

/** The input fields in schema order, each with the provider that brings it (none: shared). */
export const INPUT_FIELDS: readonly {
  name: PatchField;
  spec: InputFieldSpec<unknown>;
  provider: ProviderName | null;
}[] = [
  ...Object.entries(SHARED_INPUT_FIELDS).map(([name, spec]) => ({ name: name as PatchField, spec, provider: null })),
  ...PROVIDER_FACTS.flatMap((facts) =>
    Object.entries(facts.inputFields as Record<string, InputFieldSpec<unknown>>).map(([name, spec]) => ({
      name: name as PatchField,
      spec,
      provider: facts.name,
    })),
  ),
];

export const PATCH_FIELDS: readonly PatchField[] = INPUT_FIELDS.map((field) => field.name);

/**
 * The registry's own consistency, checked when it loads (and by its unit test): names are unique
 * lower-case id prefixes, each input field is brought by one provider only, and every rule names a
 * field that exists.
 */
function checkRegistry(): void {
  const seen = new Set<string>();
  for (const facts of PROVIDER_FACTS) {
    if (!/^[a-z][a-z0-9]*$/.test(facts.name) || seen.has(facts.name)) {
      throw new Error(`provider registry: bad or repeated name "${facts.name}"`);
    }
    seen.add(facts.name);
    for (const field of Object.keys(facts.fields)) {
      if (!(PATCH_FIELDS as readonly string[]).includes(field)) {
        throw new Error(`provider registry: ${facts.name} has a rule for "${field}", which no provider declares`);
      }
    }
  }
  const repeated = PATCH_FIELDS.filter((field, index) => PATCH_FIELDS.indexOf(field) !== index);
  if (repeated.length > 0) throw new Error(`provider registry: input fields declared twice: ${repeated.join(', ')}`);
}
checkRegistry();
