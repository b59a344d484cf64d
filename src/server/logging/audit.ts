import { resultName } from '../../domain/result-names';
import type { CredentialMode } from '../../credentials';
import type { Caller } from '../../domain/caller';
import type { ProviderName } from '../../domain/provider';
import type { UpdateAttempt } from '../../domain/workspace-service';
import { notSentCode } from '../../limits';
import { traceLogFields } from '../../telemetry/server-spans';
import { auditLoggerFor, type Logger } from './logger';

/** The request an update belongs to, as its audit line names it. */
export interface AuditedRequest {
  /** The server's id of the request (never the caller's). */
  requestId: string;
  /** The caller's own `x-request-id`, when it sent a usable one; null otherwise. */
  clientRequestId: string | null;
  caller: Caller;
  /** Whose credential a provider is called with (`<P>_CREDENTIALS`); null when it is not configured here. */
  credentialOf(provider: ProviderName): CredentialMode | null;
  /** The request's trace when it is sampled: its ids go in the line. */
  trace?: unknown;
}

/**
 * One JSON line per update, marked `"audit": true`: which request (the server's `requestId`, and the
 * caller's `clientRequestId`), who (the token's `sub` and tenant), whose credential the provider is
 * called with (`credential`: `service`, `tenant` or `caller`; never the credential itself), which
 * workspace at which provider, the names of the fields set (never their values) and the result's
 * `__typename`; with `expectedRevision` when the update was applied against a plan's revision
 * (and `sent: false, code: REVISION_CHANGED` when the workspace had changed since). Written through
 * `logger`'s audit logger (same destination, always at info): LOG_LEVEL never silences it.
 */
export function auditUpdate(logger: Logger, request: AuditedRequest): (update: UpdateAttempt) => void {
  const audit = auditLoggerFor(logger);
  const { requestId, clientRequestId, caller, credentialOf } = request;
  const traceIds = traceLogFields(request.trace);
  return ({ id, provider, fields, outcome, index, expectedRevision, revisionChanged }) => {
    // The revision check refused it: nothing was sent (REVISION_CHANGED), like a call never sent.
    const notSent = revisionChanged ? 'REVISION_CHANGED' : outcome.ok ? null : notSentCode(outcome.failure);
    audit.info(
      {
        audit: true,
        ...traceIds,
        // updateWorkspaces writes one line per item, with the item's position in `inputs`.
        ...(index === undefined ? { action: 'updateWorkspace' } : { action: 'updateWorkspaces', index }),
        requestId,
        clientRequestId,
        sub: caller.subject,
        tenant: caller.tenant,
        credential: provider === null ? null : credentialOf(provider),
        workspaceId: id,
        provider,
        fields,
        result: resultName(outcome),
        // Applied against a plan: the revision it was checked against (not a secret: any reader can see it).
        ...(expectedRevision === undefined ? {} : { expectedRevision }),
        // An update answered without a call (cancelled, past the deadline, over the budget) says so, and why.
        ...(notSent ? { sent: false, code: notSent } : {}),
        // A rename gives the workspace a new id.
        ...(outcome.ok && outcome.value.id !== id ? { newWorkspaceId: outcome.value.id } : {}),
      },
      'workspace update',
    );
  };
}
