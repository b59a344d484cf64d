import type { Outcome, WorkspaceFailure } from './failures';

/**
 * The name an update's outcome is answered with: its `UpdateWorkspaceResult` member. The audit
 * line and the metrics read it from here; resolvers/results.ts checks, at load, that its classes
 * carry these very names.
 */
export const RESULT_NAMES = {
  success: 'UpdateWorkspaceSuccess',
  validation: 'WorkspaceValidationError',
  'not-found': 'WorkspaceNotFoundError',
  authentication: 'WorkspaceAuthenticationError',
  'permission-denied': 'WorkspacePermissionDeniedError',
  conflict: 'WorkspaceConflictError',
  'rate-limited': 'WorkspaceRateLimitedError',
  provider: 'WorkspaceProviderError',
} as const satisfies Record<WorkspaceFailure['kind'] | 'success', string>;

export function resultName(outcome: Outcome<unknown>): string {
  return outcome.ok ? RESULT_NAMES.success : RESULT_NAMES[outcome.failure.kind];
}
