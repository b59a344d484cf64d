import type { WorkspaceFailure } from '../../domain/failures';
import { encodeGlobalId } from '../../domain/global-id';
import type { WorkspacePatch } from '../../domain/patch';
import type { Workspace } from '../../domain/workspace';
import { failureFromStatus, type FailureContext } from '../shared/status-failure';
import { jsonObject, stringField, type UpstreamResponse } from '../shared/upstream';
import { blaxelWorkspaceSchema, type BlaxelUpdateRequest } from './payloads';

export function blaxelRequestBody(patch: WorkspacePatch): BlaxelUpdateRequest {
  const body: BlaxelUpdateRequest = {};
  if (patch.accountId != null) body.accountId = patch.accountId;
  if (patch.displayName != null) body.displayName = patch.displayName;
  if (patch.groupMappings != null) {
    body.groupMappings = patch.groupMappings.map(({ groupName, role }) => ({ groupName, role }));
  }
  if (patch.labels != null) body.labels = Object.fromEntries(patch.labels.map(({ key, value }) => [key, value]));
  if (patch.name != null) body.name = patch.name;
  if (patch.region != null) body.region = patch.region;
  if (patch.runtimeGeneration != null) body.runtime = { generation: patch.runtimeGeneration };
  return body;
}

/** Blaxel's reference is the workspace name; its own `id` becomes providerId. */
export function blaxelWorkspace(body: unknown): Workspace | null {
  const parsed = blaxelWorkspaceSchema.safeParse(body);
  if (!parsed.success) return null;
  const w = parsed.data;
  return {
    id: encodeGlobalId('blaxel', [w.name]),
    provider: 'blaxel',
    providerId: w.id,
    name: w.name,
    displayName: w.displayName,
    description: null,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    details: {
      provider: 'blaxel',
      accountId: w.accountId,
      region: w.region,
      labels: Object.entries(w.labels ?? {}).map(([key, value]) => ({ key, value })),
      runtimeGeneration: w.runtime?.generation ?? null,
      groupMappings: w.groupMappings ?? [],
      status: w.status,
      statusReason: w.statusReason,
      createdBy: w.createdBy,
      updatedBy: w.updatedBy,
    },
  };
}

/** Blaxel documents no error body: map by status, reading a message or code where one is sent. */
export function blaxelFailure(response: UpstreamResponse, context: FailureContext): WorkspaceFailure {
  const envelope = jsonObject(response.body);
  return failureFromStatus(response, context, {
    message: stringField(envelope, 'message') ?? stringField(envelope, 'error'),
    code: stringField(envelope, 'code') ?? stringField(envelope, 'error'),
    // A workspace name is Blaxel's only unique field.
    conflictField: 'name',
  });
}
