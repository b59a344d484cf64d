import { failures, type WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { conflict, failureFromStatus, type FailureContext } from '../shared/status-failure';
import type { UpstreamResponse } from '../shared/upstream';
import { flashbackErrorSchema, flashbackWorkspaceSchema, type FlashbackUpdateRequest } from './payloads';

export function flashbackRequestBody(patch: WorkspacePatch): FlashbackUpdateRequest {
  return patch.name != null ? { name: patch.name } : {};
}

export function flashbackWorkspace(body: unknown): Workspace | null {
  const parsed = flashbackWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const w = parsed.data.workspace;
  return {
    id: encodeGlobalId('flashback', [w.id]),
    provider: 'flashback',
    providerId: w.id,
    name: w.name,
    displayName: null,
    description: null,
    createdAt: null,
    updatedAt: null,
    details: { provider: 'flashback', organizationId: w.orgId },
  };
}

/**
 * Flashback's documented 400 means "user not found or account is not validated": a credentials
 * problem, not bad input. A message saying the name already exists is a conflict whatever the status.
 */
export function flashbackFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const parsed = flashbackErrorSchema.safeParse(response.body.kind === 'json' ? response.body.value : {});
  const message = (parsed.success ? parsed.data.message : undefined) ?? null;
  const details = { message, code: null, conflictField: 'name' };
  if (message && /already exists/i.test(message)) return conflict('Flashback', details);
  if (response.status === 400) {
    return failures.authentication(
      'flashback',
      `Flashback did not accept the credentials: ${message ?? 'user not found or account is not validated'}`,
    );
  }
  return failureFromStatus(response, context, details);
}
