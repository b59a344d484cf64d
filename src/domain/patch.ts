/**
 * A partial update in provider-neutral terms. A field counts as set when it is not `undefined`;
 * `null` is a set value (it clears the field where the provider allows it, and is refused
 * elsewhere).
 */
export interface WorkspacePatch {
  name?: string | null;
  description?: string | null;
  displayName?: string | null;
  labels?: { key: string; value: string }[] | null;
  region?: string | null;
  runtimeGeneration?: string | null;
  groupMappings?: { groupName: string; role: string }[] | null;
  accountId?: string | null;
  key?: string | null;
  isActive?: boolean | null;
  tags?: string[] | null;
}

export type PatchField = keyof WorkspacePatch;

/** Every patch field, in the order of the public input type. */
export const PATCH_FIELDS: readonly PatchField[] = [
  'name',
  'description',
  'displayName',
  'labels',
  'region',
  'runtimeGeneration',
  'groupMappings',
  'accountId',
  'key',
  'isActive',
  'tags',
];

/** The fields the caller set, `null` included. */
export function setFields(patch: WorkspacePatch): PatchField[] {
  return PATCH_FIELDS.filter((field) => patch[field] !== undefined);
}
