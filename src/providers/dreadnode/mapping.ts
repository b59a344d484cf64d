import type { FieldError, WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId, type WorkspaceRef } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { failureFromStatus, type FailureContext } from '../shared/status-failure';
import type { UpstreamResponse } from '../shared/upstream';
import { dreadnodeErrorSchema, dreadnodeWorkspaceSchema, type DreadnodeUpdateRequest } from './payloads';

/** Dreadnode's field names, and the input field each comes from. */
const INPUT_FIELD_OF: Record<string, string> = {
  name: 'name',
  description: 'description',
  key: 'key',
  is_active: 'isActive',
};

export function dreadnodeRequestBody(patch: WorkspacePatch): DreadnodeUpdateRequest {
  const body: DreadnodeUpdateRequest = {};
  if (patch.description != null) body.description = patch.description;
  if (patch.isActive != null) body.is_active = patch.isActive;
  if (patch.key != null) body.key = patch.key;
  if (patch.name != null) body.name = patch.name;
  return body;
}

/**
 * The org slug comes from the id that was asked for; the ws slug is the body's `key` (which a
 * key change replaces).
 */
export function dreadnodeWorkspace(body: unknown, ref: WorkspaceRef): Workspace | null {
  const parsed = dreadnodeWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const w = parsed.data;
  const [orgSlug = '', requestedWs = ''] = ref.segments;
  const key = w.key ?? requestedWs;
  return {
    id: encodeGlobalId('dreadnode', [orgSlug, key]),
    provider: 'dreadnode',
    providerId: w.id,
    name: w.name,
    displayName: null,
    description: w.description,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    details: {
      provider: 'dreadnode',
      key,
      isActive: w.is_active,
      isDefault: w.is_default,
      organizationId: w.org_id,
      organizationName: w.org_name,
      projectCount: w.project_count,
      createdBy: w.created_by,
    },
  };
}

export function dreadnodeFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const parsed = dreadnodeErrorSchema.safeParse(response.body.kind === 'json' ? response.body.value : {});
  const envelope = parsed.success ? parsed.data : {};
  const fieldErrors = (envelope.errors ?? []).map((error): FieldError => {
    const input = inputFieldOf(error.loc ?? []);
    return {
      path: input ? ['input', input] : ['input'],
      code: fieldErrorCode(error.type),
      message: error.msg ?? envelope.detail ?? 'Dreadnode refused this value.',
    };
  });
  return failureFromStatus(response, context, {
    message: envelope.detail ?? null,
    code: envelope.type ?? null,
    fieldErrors,
    conflictField: conflictFieldOf(fieldErrors, envelope.detail, context.patch),
  });
}

/** Pydantic-style error types: `missing`, `string_too_long`, `bool_type`, … */
function fieldErrorCode(type: string | undefined): FieldError['code'] {
  if (type === 'missing') return 'REQUIRED';
  return type?.includes('too_long') ? 'TOO_LONG' : 'INVALID';
}

/** `loc` is e.g. ["body", "is_active"]: the last element naming a known field. */
function inputFieldOf(loc: readonly (string | number)[]): string | undefined {
  return [...loc]
    .reverse()
    .map((part) => INPUT_FIELD_OF[String(part)])
    .find((field) => field !== undefined);
}

/** Which unique field clashed: from the errors, the message, or the only unique field that was sent. */
function conflictFieldOf(fieldErrors: FieldError[], detail: string | undefined, patch?: WorkspacePatch): string | null {
  const fromErrors = fieldErrors.find((e) => e.path.length > 1)?.path[1];
  if (fromErrors) return fromErrors;
  if (detail && /\bkey\b/i.test(detail)) return 'key';
  if (detail && /\bname\b/i.test(detail)) return 'name';
  const sent = (['key', 'name'] as const).filter((field) => patch?.[field] != null);
  return sent.length === 1 ? (sent[0] ?? null) : null;
}
