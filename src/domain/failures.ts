import type { ProviderName } from './provider';

/** Codes of a field error, as in the public schema. */
export type FieldErrorCode = 'REQUIRED' | 'INVALID' | 'TOO_LONG' | 'UNSUPPORTED_FIELD';

export interface FieldError {
  /** Path from the mutation argument, e.g. ["input", "tags", "2"]. */
  path: string[];
  code: FieldErrorCode;
  message: string;
}

/** Every way an update or a read can fail, in provider-neutral terms. */
export type WorkspaceFailure =
  | { kind: 'validation'; message: string; fieldErrors: FieldError[] }
  | { kind: 'not-found'; message: string; id: string }
  | { kind: 'authentication'; message: string; provider: ProviderName }
  | { kind: 'permission-denied'; message: string; provider: ProviderName }
  | { kind: 'conflict'; message: string; field: string | null }
  | { kind: 'rate-limited'; message: string; provider: ProviderName; retryAfterSeconds: number | null }
  | {
      kind: 'provider';
      message: string;
      provider: ProviderName;
      status: number | null;
      code: string | null;
      retryable: boolean;
    };

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: WorkspaceFailure };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(failure: WorkspaceFailure): Outcome<T> => ({ ok: false, failure });

export function validationFailure(fieldErrors: FieldError[], message?: string): WorkspaceFailure {
  return {
    kind: 'validation',
    message: message ?? fieldErrors.map((e) => e.message).join('; '),
    fieldErrors,
  };
}
