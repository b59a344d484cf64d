// type-graphql's decorators read design-time metadata: the polyfill must load before any class below.
import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import type { FailureKind, FailureOf, Outcome, WorkspaceFailure } from '../src/domain/failures';
import type { WorkspacePlan as DomainPlan } from '../src/domain/plan';
import type { UpdateRequest } from '../src/domain/workspace-service';
import { MAX_BULK_UPDATES } from '../src/domain/bulk-update';
import { RESULT_NAMES } from '../src/domain/result-names';
import { PATCH_FIELDS, type WorkspacePatch } from '../src/domain/patch';
import type { Workspace as DomainWorkspace } from '../src/domain/workspace';
import { WorkspaceFieldErrorCode } from './types/enums';
import {
  WorkspaceAuthenticationError,
  WorkspaceConflictError,
  WorkspaceFieldError,
  WorkspaceNotFoundError,
  WorkspacePermissionDeniedError,
  WorkspaceProviderError,
  WorkspaceRateLimitedError,
  WorkspaceValidationError,
} from './types/errors';
import { UpdateWorkspaceSuccess, type UpdateWorkspaceInput } from './types/update-workspace';
import type { Workspace } from './types/workspace';
import {
  WorkspaceFieldChange,
  WorkspaceProviderRequest,
  WorkspaceUpdatePlan,
  type WorkspaceUpdatePlanResult,
} from './types/plan';

/** The input minus its id, as a domain patch; fields left out stay `undefined` (not set). */
export function patchOf(input: UpdateWorkspaceInput): WorkspacePatch {
  const patch: Record<string, unknown> = {};
  for (const field of PATCH_FIELDS) if (input[field] !== undefined) patch[field] = input[field];
  return patch as WorkspacePatch;
}

/**
 * A bulk field (updateWorkspaces, planWorkspaceUpdates) over MAX_BULK_UPDATES inputs: refused whole
 * as BAD_USER_INPUT, before any check or call.
 */
export function refuseOverBulkLimit(field: string, inputs: readonly unknown[], nothingWas: 'sent' | 'read'): void {
  if (inputs.length <= MAX_BULK_UPDATES) return;
  throw new GraphQLError(
    `${field} takes at most ${MAX_BULK_UPDATES} inputs; this operation has ${inputs.length}. Nothing was ${nothingWas}: split it into several operations.`,
    { extensions: { code: 'BAD_USER_INPUT', maxInputs: MAX_BULK_UPDATES } },
  );
}

/** updateWorkspace(s)'s input as the service takes it: id, patch and the revision to apply at. */
export function updateRequestOf(input: UpdateWorkspaceInput): UpdateRequest {
  return { id: input.id, patch: patchOf(input), expectedRevision: input.expectedRevision ?? null };
}

/** Domain workspaces have the graph's shape: the compiler checks one against the other. */
export const asGraphWorkspace = (workspace: DomainWorkspace): Workspace => workspace;

export function successResult(workspace: DomainWorkspace): UpdateWorkspaceSuccess {
  return Object.assign(new UpdateWorkspaceSuccess(), { workspace: asGraphWorkspace(workspace) });
}

/** The union member each failure kind becomes. */
const FAILURE_MEMBERS = {
  validation: WorkspaceValidationError,
  'not-found': WorkspaceNotFoundError,
  authentication: WorkspaceAuthenticationError,
  'permission-denied': WorkspacePermissionDeniedError,
  conflict: WorkspaceConflictError,
  'rate-limited': WorkspaceRateLimitedError,
  provider: WorkspaceProviderError,
} as const satisfies Record<WorkspaceFailure['kind'], abstract new () => object>;

// The domain names each outcome (src/domain/result-names.ts: the audit line and the metrics read
// it); the classes answering them must carry the same names.
for (const [kind, member] of [['success', UpdateWorkspaceSuccess], ...Object.entries(FAILURE_MEMBERS)] as const) {
  if (RESULT_NAMES[kind as keyof typeof RESULT_NAMES] !== member.name) {
    throw new Error(`result name of ${kind}: ${member.name} is not ${RESULT_NAMES[kind as keyof typeof RESULT_NAMES]}`);
  }
}

/** The error members of the result unions. */
type FailureMember = InstanceType<(typeof FAILURE_MEMBERS)[keyof typeof FAILURE_MEMBERS]>;

/** Each failure kind as its union member (instances, so the union resolves by class). */
export function failureResult(failure: WorkspaceFailure): FailureMember {
  const { message } = failure;
  switch (failure.kind) {
    case 'validation':
      return Object.assign(new WorkspaceValidationError(), {
        message,
        fieldErrors: failure.fieldErrors.map((e) =>
          Object.assign(new WorkspaceFieldError(), { ...e, code: WorkspaceFieldErrorCode[e.code] }),
        ),
      });
    case 'not-found':
      return Object.assign(new WorkspaceNotFoundError(), { message, id: failure.id });
    case 'authentication':
      return Object.assign(new WorkspaceAuthenticationError(), { message, provider: failure.provider });
    case 'permission-denied':
      return Object.assign(new WorkspacePermissionDeniedError(), { message, provider: failure.provider });
    case 'conflict':
      return Object.assign(new WorkspaceConflictError(), { message, field: failure.field });
    case 'rate-limited':
      return Object.assign(new WorkspaceRateLimitedError(), {
        message,
        provider: failure.provider,
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    case 'provider':
      return Object.assign(new WorkspaceProviderError(), {
        message,
        provider: failure.provider,
        status: failure.status,
        code: failure.code,
        retryable: failure.retryable,
      });
  }
}

/** A plan as its union member; a failure as the member it is in UpdateWorkspaceResult (a plan never has a conflict: the service makes it a provider error). */
export function planResult(outcome: Outcome<DomainPlan>): typeof WorkspaceUpdatePlanResult {
  if (!outcome.ok) {
    const member = failureResult(outcome.failure);
    if (member instanceof WorkspaceConflictError) throw new Error('a plan has no WorkspaceConflictError');
    return member as Exclude<FailureMember, WorkspaceConflictError>;
  }
  const { workspace, changes, request, revision } = outcome.value;
  return Object.assign(new WorkspaceUpdatePlan(), {
    workspace: asGraphWorkspace(workspace),
    changes: changes.map((change) => Object.assign(new WorkspaceFieldChange(), change)),
    request: Object.assign(new WorkspaceProviderRequest(), request),
    revision,
  });
}

/**
 * A failed read (workspace(id), _entities) has no union to land in: it becomes a GraphQL error
 * whose extensions.code says which kind.
 */
export function readError(failure: WorkspaceFailure): GraphQLError {
  const extensions: Record<string, unknown> = { code: readErrorCode(failure) };
  // In extensions, the provider reads as the schema's enum value (VERTRA), not the internal one.
  if ('provider' in failure) extensions['provider'] = failure.provider.toUpperCase();
  if (failure.kind === 'provider') {
    Object.assign(extensions, { status: failure.status, providerCode: failure.code, retryable: failure.retryable });
  }
  if (failure.kind === 'rate-limited') {
    Object.assign(extensions, { retryable: true, retryAfterSeconds: failure.retryAfterSeconds });
  }
  if (failure.kind === 'validation') extensions['fieldErrors'] = failure.fieldErrors;
  return new GraphQLError(failure.message, { extensions });
}

/**
 * `extensions.code` of a failed read, by kind: every kind is listed, so a new one does not compile
 * until it is given its code. (A 404 on a read is `null`, not an error; a conflict cannot happen on
 * a read: both are listed for completeness.)
 */
const READ_ERROR_CODES = {
  validation: () => 'BAD_USER_INPUT',
  'not-found': () => 'NOT_FOUND',
  authentication: () => 'UNAUTHENTICATED',
  'permission-denied': () => 'FORBIDDEN',
  conflict: () => 'PROVIDER_ERROR',
  'rate-limited': () => 'PROVIDER_ERROR',
  provider: (failure) => (failure.code === 'PROVIDER_NOT_CONFIGURED' ? 'PROVIDER_NOT_CONFIGURED' : 'PROVIDER_ERROR'),
} satisfies { [K in FailureKind]: (failure: FailureOf<K>) => string };

function readErrorCode<K extends FailureKind>(failure: FailureOf<K>): string {
  return (READ_ERROR_CODES[failure.kind] as (failure: FailureOf<K>) => string)(failure);
}
