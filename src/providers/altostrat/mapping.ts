import type { FieldError, WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { failureFromStatus, inputFieldError, type FailureContext } from '../shared/status-failure';
import type { UpstreamResponse } from '../shared/upstream';
import { altostratErrorSchema, altostratWorkspaceSchema, type AltostratUpdateRequest } from './payloads';

export function altostratRequestBody(patch: WorkspacePatch): AltostratUpdateRequest {
  const body: AltostratUpdateRequest = {};
  if (patch.name != null) body.name = patch.name;
  // Documented nullable: null is sent, and clears the description.
  if (patch.description !== undefined) body.description = patch.description;
  return body;
}

export function altostratWorkspace(body: unknown): Workspace | null {
  const parsed = altostratWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const w = parsed.data;
  return {
    id: encodeGlobalId('altostrat', [w.id]),
    provider: 'altostrat',
    providerId: w.id,
    name: w.name,
    displayName: null,
    description: w.description,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    details: {
      provider: 'altostrat',
      billingMode: w.billing_mode,
      pooledSeatLimit: w.pooled_seat_limit,
      archived: w.archived ?? false,
      archivedAt: w.archived_at,
    },
  };
}

const PARAMETERS = new Set(['name', 'description']);

export function altostratFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const parsed = altostratErrorSchema.safeParse(response.body.kind === 'json' ? response.body.value : {});
  const envelope = parsed.success ? parsed.data : {};
  const fieldError = parameterError(envelope.code, envelope.message);
  return failureFromStatus(response, context, {
    message: envelope.message ?? null,
    code: envelope.code ?? null,
    fieldErrors: fieldError ? [fieldError] : [],
    conflictField: 'name',
  });
}

/** "The 'name' parameter cannot exceed 50 characters." names the parameter in quotes. */
function parameterError(code: string | undefined, message: string | undefined): FieldError | null {
  const parameter = message?.match(/'([A-Za-z_]+)'/)?.[1];
  if (!message || !parameter || !PARAMETERS.has(parameter)) return null;
  const fieldCode =
    code === 'parameter_missing' ? 'REQUIRED' : /exceed|too long/i.test(message) ? 'TOO_LONG' : 'INVALID';
  return inputFieldError(parameter, fieldCode, message);
}
