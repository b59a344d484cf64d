import type { ProviderName } from './provider';

/** Codes of a field error, as in the public schema. */
export type FieldErrorCode = 'REQUIRED' | 'INVALID' | 'TOO_LONG' | 'UNSUPPORTED_FIELD';

export interface FieldError {
  /** Path from the field's argument: ["input", "tags", "2"] in updateWorkspace, ["id"] in workspace(id:). */
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

export type FailureKind = WorkspaceFailure['kind'];

/** The failure of one kind, by its kind. */
export type FailureOf<K extends FailureKind> = Extract<WorkspaceFailure, { kind: K }>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: WorkspaceFailure };

export const succeed = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(failure: WorkspaceFailure): Outcome<T> => ({ ok: false, failure });

/**
 * The one way failures are made: a constructor per kind, so every failure of a kind has the same
 * shape wherever it is built (domain, shared provider code, a provider's own mapping).
 */
export const failures = {
  /** Without `message`: the field error's message, or several as sentences in a row ("A. B."). */
  validation(fieldErrors: FieldError[], message?: string): FailureOf<'validation'> {
    return { kind: 'validation', message: message ?? sentences(fieldErrors.map((e) => e.message)), fieldErrors };
  },
  notFound(id: string, message: string): FailureOf<'not-found'> {
    return { kind: 'not-found', id, message };
  },
  authentication(provider: ProviderName, message: string): FailureOf<'authentication'> {
    return { kind: 'authentication', provider, message };
  },
  permissionDenied(provider: ProviderName, message: string): FailureOf<'permission-denied'> {
    return { kind: 'permission-denied', provider, message };
  },
  conflict(field: string | null, message: string): FailureOf<'conflict'> {
    return { kind: 'conflict', field, message };
  },
  rateLimited(provider: ProviderName, retryAfterSeconds: number | null, message: string): FailureOf<'rate-limited'> {
    return { kind: 'rate-limited', provider, retryAfterSeconds, message };
  },
  provider(
    provider: ProviderName,
    details: { status: number | null; code: string | null; retryable: boolean },
    message: string,
  ): FailureOf<'provider'> {
    return { kind: 'provider', provider, ...details, message };
  },
} as const satisfies {
  [K in keyof FailureConstructorKinds]: (...args: never[]) => FailureOf<FailureConstructorKinds[K]>;
};

/** One message as it is; several joined by a space, each ending as a sentence does (a full stop added if need be). */
function sentences(messages: string[]): string {
  if (messages.length === 1) return messages[0] as string;
  return messages.map((m) => (/[.!?]$/.test(m.trim()) ? m.trim() : `${m.trim()}.`)).join(' ');
}

/** Which kind each constructor makes (types only). */
interface FailureConstructorKinds {
  validation: 'validation';
  notFound: 'not-found';
  authentication: 'authentication';
  permissionDenied: 'permission-denied';
  conflict: 'conflict';
  rateLimited: 'rate-limited';
  provider: 'provider';
}

/** A compile error here means a failure kind has no constructor above. */
type KindsWithoutConstructor = Exclude<FailureKind, FailureConstructorKinds[keyof FailureConstructorKinds]>;
const everyKindHasAConstructor: [KindsWithoutConstructor] extends [never] ? true : never = true;
void everyKindHasAConstructor;
