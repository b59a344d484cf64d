import { failures, type FieldError, type WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { codePointLength } from '../../domain/validate-patch';
import { conflict, failureFromStatus, inputFieldError, type FailureContext } from '../shared/status-failure';
import type { UpstreamResponse } from '../shared/upstream';
import { vertraFacts } from './facts';
import { vertraErrorSchema, vertraWorkspaceSchema, type VertraUpdateRequest } from './payloads';

export function vertraRequestBody(patch: WorkspacePatch): VertraUpdateRequest {
  const updates: VertraUpdateRequest['updates'] = {};
  if (patch.name != null) updates.name = patch.name;
  if (patch.description != null) updates.description = patch.description;
  if (patch.tags != null) updates.tags = [...patch.tags];
  return { updates };
}

export function vertraWorkspace(body: unknown): Workspace | null {
  const parsed = vertraWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const w = parsed.data.response;
  return {
    id: encodeGlobalId('vertra', [w.id]),
    provider: 'vertra',
    providerId: w.id,
    name: w.name,
    displayName: null,
    description: w.description,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    details: {
      provider: 'vertra',
      tags: w.tags ?? [],
      ownerId: w.owner_id,
      members: (w.members ?? []).map((m) => ({ userId: m.user_id, role: m.role, joinedAt: m.joined_at })),
    },
  };
}

/** Vertra's documented codes, which take precedence over the HTTP status. */
const CODE_FIELD_ERRORS: Record<string, (patch?: WorkspacePatch) => FieldError> = {
  NAME_MUST_BE_A_STRING: () => inputFieldError('name', 'INVALID', 'The name must be a string.'),
  DESCRIPTION_MUST_BE_A_STRING: () => inputFieldError('description', 'INVALID', 'The description must be a string.'),
  TAGS_MUST_BE_AN_ARRAY: () => inputFieldError('tags', 'INVALID', 'Tags must be an array of strings.'),
  NAME_TOO_LONG: () => inputFieldError('name', 'TOO_LONG', 'The name exceeds 50 characters.'),
  DESCRIPTION_TOO_LONG: () => inputFieldError('description', 'TOO_LONG', 'The description exceeds 200 characters.'),
  TAG_TOO_LONG: (patch) =>
    inputFieldError('tags', 'TOO_LONG', 'One or more tags exceed 20 characters.', firstLongTag(patch)),
};

export function vertraFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const parsed = vertraErrorSchema.safeParse(response.body.kind === 'json' ? response.body.value : {});
  const { code = null, message = null } = parsed.success ? parsed.data : {};
  const fieldError = code ? CODE_FIELD_ERRORS[code] : undefined;
  if (fieldError) {
    const error = fieldError(context.patch);
    return failures.validation([error], `Vertra Cloud refused the input: ${message ?? error.message}`);
  }
  if (code === 'UNAUTHORIZED') {
    return failures.authentication('vertra', 'Vertra Cloud did not accept the credentials');
  }
  if (code === 'ORGANIZATION_NAME_ALREADY_EXISTS') {
    return conflict('Vertra Cloud', {
      message: message ?? 'a workspace with this name already exists',
      code,
      conflictField: 'name',
    });
  }
  return failureFromStatus(response, context, { message, code, conflictField: 'name' });
}

/** Vertra does not say which tag was too long; the patch does. */
function firstLongTag(patch?: WorkspacePatch): number | undefined {
  const limit = vertraFacts.fields.tags.itemMaxLength;
  const index = patch?.tags?.findIndex((tag) => codePointLength(tag) > limit) ?? -1;
  return index >= 0 ? index : undefined;
}
