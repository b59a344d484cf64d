import { failures, type FieldError, type WorkspaceFailure } from '../../domain/failures';
import type { WorkspacePatch } from '../../domain/patch';
import { PROVIDER_LABELS, type ProviderName } from '../../domain/provider';
import { isReportedRetryable } from '../../provider-calls/retry-policy';
import { parseRetryAfter } from './retry-after';
import type { UpstreamResponse } from './upstream';

/** What a failed call was about: for messages, NotFound ids and field paths. */
export interface FailureContext {
  provider: ProviderName;
  /** The global id the caller used. */
  id: string;
  /** The patch that was sent (updates only). */
  patch?: WorkspacePatch;
}

/** What a provider's error envelope told us, already in input terms. */
export interface ErrorDetails {
  message: string | null;
  code: string | null;
  fieldErrors?: FieldError[];
  /** For a conflict: the input field that clashes, where known. */
  conflictField?: string | null;
}

const ALREADY_EXISTS = /already[_ -]?exists|duplicate|conflict/i;

/**
 * The error table of README.md ("Error results"), by HTTP status. Providers call it after
 * applying their documented codes (their src/providers/<p>/CONTRACT.md), which take precedence.
 */
export function failureFromStatus(
  response: UpstreamResponse,
  context: FailureContext,
  details: ErrorDetails,
): WorkspaceFailure {
  const label = PROVIDER_LABELS[context.provider];
  const { provider } = context;
  const said = details.message ? `: ${details.message}` : '';
  // "Already exists" codes are conflicts whatever the status they come with.
  if (response.status === 409 || (details.code && ALREADY_EXISTS.test(details.code))) return conflict(label, details);
  switch (response.status) {
    case 400:
    case 422: {
      const fieldErrors = details.fieldErrors?.length
        ? details.fieldErrors
        : [{ path: ['input'], code: 'INVALID' as const, message: details.message ?? `${label} refused the input.` }];
      return failures.validation(fieldErrors, `${label} refused the input${said}`);
    }
    case 401:
      return failures.authentication(provider, `${label} did not accept the credentials${said}`);
    case 403:
      return failures.permissionDenied(
        provider,
        `${label} ${context.patch ? 'does not allow this change' : 'does not let these credentials read this workspace'}${said}`,
      );
    case 404:
      return failures.notFound(context.id, `${label} has no workspace ${context.id}`);
    case 429:
      return failures.rateLimited(
        provider,
        parseRetryAfter(response.header('retry-after')),
        `${label} is rate limiting requests${said}`,
      );
    default:
      return failures.provider(
        provider,
        { status: response.status, code: details.code, retryable: isReportedRetryable(response) },
        `${label} answered with HTTP ${response.status}${said}`,
      );
  }
}

export function conflict(label: string, details: ErrorDetails): WorkspaceFailure {
  const field = details.conflictField ?? null;
  const said = details.message ? `: ${details.message}` : '';
  return failures.conflict(field, `The change clashes with another ${label} workspace${said}`);
}

/** A field error for a provider field, mapped to the input's name for it. */
export function inputFieldError(
  inputField: string,
  code: FieldError['code'],
  message: string,
  index?: number,
): FieldError {
  const path = ['input', inputField];
  if (index !== undefined) path.push(String(index));
  return { path, code, message };
}
