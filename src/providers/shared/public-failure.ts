import type { FieldError, WorkspaceFailure } from '../../domain/failures';
import { PROVIDER_LABELS, type ProviderName } from '../../domain/provider';

/**
 * A provider's code, when a caller may see it after a 5xx: a short identifier (letters, digits,
 * space, `_ . : -`), not a sentence, a URL or a connection string.
 */
const CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}$/;

/** What a field error says when the provider's own words may not be shown. */
const GENERIC_FIELD_MESSAGES: Record<FieldError['code'], (label: string) => string> = {
  REQUIRED: (label) => `${label} requires this field.`,
  TOO_LONG: (label) => `${label} found this value too long.`,
  INVALID: (label) => `${label} refused this value.`,
  UNSUPPORTED_FIELD: (label) => `${label} does not support this field.`,
};

/**
 * What a failure mapped from a provider's answer may show a caller:
 * - a 4xx (documented envelopes, messages written for users): the provider's text, with the
 *   credential cut out of it (`scrub`);
 * - any other status, a 5xx above all: none of the provider's text, whatever its mapping kept. The
 *   message says the status and the provider's code (read from its envelope by the mapping), when
 *   the code looks like one; field errors keep their path and code with a message of ours.
 * `scrub` only ever touches free text: messages, the provider's code, field error messages; never
 * the kind, the provider, an id, a conflict's field, a field error's path or code.
 */
export function publicFailure(
  failure: WorkspaceFailure,
  status: number,
  provider: ProviderName,
  scrub: (text: string) => string,
): WorkspaceFailure {
  const shown = status >= 400 && status < 500 ? failure : withoutProviderText(failure, status, provider);
  return withFreeText(shown, scrub);
}

/** The failure with a message of ours instead of the provider's words (non-4xx answers). */
function withoutProviderText(failure: WorkspaceFailure, status: number, provider: ProviderName): WorkspaceFailure {
  const label = PROVIDER_LABELS[provider];
  const code =
    failure.kind === 'provider' && failure.code !== null && CODE_SHAPE.test(failure.code) ? failure.code : null;
  const message = `${label} answered with HTTP ${status}${code ? ` (${code})` : ''}`;
  switch (failure.kind) {
    case 'provider':
      return { ...failure, code, message };
    case 'validation':
      return {
        ...failure,
        message,
        fieldErrors: failure.fieldErrors.map((error) => ({
          ...error,
          message: GENERIC_FIELD_MESSAGES[error.code](label),
        })),
      };
    default:
      return { ...failure, message };
  }
}

/** The failure with `edit` applied to its free text only. */
function withFreeText(failure: WorkspaceFailure, edit: (text: string) => string): WorkspaceFailure {
  const message = edit(failure.message);
  switch (failure.kind) {
    case 'validation':
      return {
        ...failure,
        message,
        fieldErrors: failure.fieldErrors.map((error) => ({ ...error, message: edit(error.message) })),
      };
    case 'provider':
      return { ...failure, message, code: failure.code === null ? null : edit(failure.code) };
    default:
      return { ...failure, message };
  }
}
