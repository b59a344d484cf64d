import { PATCH_FIELDS, type InputFields, type InputValue, type PatchField } from '../registry';

/**
 * A partial update in provider-neutral terms, one optional member per input field of the
 * registry. A field counts as set when it is not `undefined`; `null` is a set value (it clears the
 * field where the provider allows it, and is refused elsewhere).
 */
export type WorkspacePatch = { [F in PatchField]?: InputValue<InputFields[F]> | null };

export { PATCH_FIELDS, type PatchField } from '../registry';

/** The fields the caller set, `null` included, in the order of the input type. */
export function setFields(patch: WorkspacePatch): PatchField[] {
  return PATCH_FIELDS.filter((field) => patch[field] !== undefined);
}
