import { resultTypename } from '../../resolvers/results';
import type { Caller } from '../domain/caller';
import type { UpdateAttempt } from '../domain/workspace-service';
import { notSentCode } from '../limits';
import { auditLoggerFor, type Logger } from './logger';

/**
 * One JSON line per update, marked `"audit": true`: who (the token's `sub` and tenant), which
 * workspace at which provider, the names of the fields set (never their values) and the result's
 * `__typename`. No token or credential is ever part of it. Written through `logger`'s audit
 * logger (same destination and redaction, always at info): LOG_LEVEL never silences it.
 */
export function auditUpdate(logger: Logger, requestId: string, caller: Caller): (update: UpdateAttempt) => void {
  const audit = auditLoggerFor(logger);
  return ({ id, provider, fields, outcome, index }) => {
    const notSent = outcome.ok ? null : notSentCode(outcome.failure);
    audit.info(
      {
        audit: true,
        // updateWorkspaces writes one line per item, with the item's position in `inputs`.
        ...(index === undefined ? { action: 'updateWorkspace' } : { action: 'updateWorkspaces', index }),
        requestId,
        sub: caller.subject,
        tenant: caller.tenant,
        workspaceId: id,
        provider,
        fields,
        result: resultTypename(outcome),
        // An update answered without a call (cancelled, past the deadline, over the budget) says so, and why.
        ...(notSent ? { sent: false, code: notSent } : {}),
        // A rename gives the workspace a new id.
        ...(outcome.ok && outcome.value.id !== id ? { newWorkspaceId: outcome.value.id } : {}),
      },
      'workspace update',
    );
  };
}
