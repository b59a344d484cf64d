// The vocabulary of a provider's facts (its facts.ts): pure data and the helpers that declare it.
// Imports nothing, so the registry sits below the domain and every provider folder.
/**
 * The facts of one provider, in the shape every provider folder fills in (its `facts.ts`), and
 * from which the registry derives the rest: the provider's name in ids and configuration, its
 * label, its enum value, its id's reference, the input fields it brings, and the rules of the
 * patch fields it accepts. Pure data: no provider code runs to read them.
 */
export interface ProviderFacts<
  Name extends string = string,
  Details = unknown,
  InputFields extends Record<string, InputFieldSpec<unknown>> = Record<string, InputFieldSpec<unknown>>,
> {
  /** Lower case: the id prefix (`<name>:<reference>`), the configuration prefix (`<NAME>_`), `x-<name>-token`. */
  name: Name;
  /** For people: messages, logs, docs. */
  label: string;
  /** What the id's reference is: the REST path's segments (one, or two for `<org slug>/<ws slug>`). */
  reference: { segments: number; shape: string; example: string };
  /** The input fields this provider brings to UpdateWorkspaceInput (the shared ones are name and description). */
  inputFields: InputFields;
  /** Every patch field it accepts, shared or its own, with the documented rules. */
  fields: Readonly<Record<string, FieldRule>>;
  /** Type only: the shape of its `details`. */
  readonly detailsType?: Details;
}

/**
 * Declares a provider's facts, keeping their literal types (for the registry's derived types)
 * and recording the type of its `details`.
 */
export const defineFacts =
  <Details>() =>
  <const Facts extends ProviderFacts<string, Details>>(facts: Facts): Facts & { readonly detailsType?: Details } =>
    facts;

/** The name of a provider's enum value in the schema: its name in upper case. */
export const enumValueOf = <Name extends string>(name: Name): Uppercase<Name> => name.toUpperCase() as Uppercase<Name>;

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
  /** A documented format: the value must match, else INVALID with this message. */
  pattern?: { regex: RegExp; message: string };
  /**
   * A list the provider keeps in no order (an object keyed by item, say): a plan compares the
   * current and the new value as sets, so a reordering is no change.
   */
  unordered?: boolean;
}

/**
 * An input field and the type of its value (`Value` exists only for the compiler). Scalars and
 * lists of strings get their GraphQL type from the kind; `custom` fields (input objects, enums)
 * from the provider's GraphQL module.
 */
export interface InputFieldSpec<Value> {
  kind: 'string' | 'boolean' | 'string-list' | 'custom';
  description?: string;
  readonly valueType?: Value;
}

export const inputField = {
  string: (description?: string): InputFieldSpec<string> => ({
    kind: 'string',
    ...(description ? { description } : {}),
  }),
  boolean: (description?: string): InputFieldSpec<boolean> => ({
    kind: 'boolean',
    ...(description ? { description } : {}),
  }),
  stringList: (description?: string): InputFieldSpec<string[]> => ({
    kind: 'string-list',
    ...(description ? { description } : {}),
  }),
  custom: <Value>(description?: string): InputFieldSpec<Value> => ({
    kind: 'custom',
    ...(description ? { description } : {}),
  }),
};

/** The fields every provider's input shares: name (all of them) and description (most). */
export const SHARED_INPUT_FIELDS = {
  name: inputField.string(),
  description: inputField.string(),
};
