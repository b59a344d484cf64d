import type { CircuitOpen, NoAnswer } from './types';

/**
 * What may be tried again, in one table: for each HTTP status and each way a call can get no
 * answer, whether this subgraph retries it itself (`retriedHere`) and whether the failure it
 * becomes tells the caller to try again later (`reportedRetryable`, the `retryable` field of
 * WorkspaceProviderError). Anything not listed is neither. The resilience layer retries by it
 * (src/providers/shared/resilience.ts), the failure mapping reports by it
 * (src/providers/shared/status-failure.ts and the providers' own mappings, through
 * src/providers/shared/retry-policy.ts) and the metrics label retries by it (src/telemetry/metrics.ts).
 *
 * The two differ on purpose where a retry within the same call would not help but a later one
 * may: a 408 (the provider gave up waiting for our request: it was sent whole, so the provider
 * is slow rather than the request wrong), a host that cannot be reached (DNS, routing) and an
 * open circuit breaker. Retrying here is further limited by resilience.ts: idempotent calls
 * only, a provider's Retry-After within the cap, and the call's time budget.
 */
export interface RetryRule {
  retriedHere: boolean;
  reportedRetryable: boolean;
}

/** A provider's answer (its status) or the absence of one (why). */
export type RetryCase = { status: number } | { reason: NoAnswer['reason'] | CircuitOpen['reason'] };

const BOTH: RetryRule = { retriedHere: true, reportedRetryable: true };
const REPORTED_ONLY: RetryRule = { retriedHere: false, reportedRetryable: true };
const NEITHER: RetryRule = { retriedHere: false, reportedRetryable: false };

export const RETRY_POLICY: {
  readonly statuses: Readonly<Partial<Record<number, RetryRule>>>;
  readonly reasons: Readonly<Record<Extract<RetryCase, { reason: string }>['reason'], RetryRule>>;
} = {
  statuses: {
    408: REPORTED_ONLY,
    // A 429 is answered as WorkspaceRateLimitedError with its Retry-After, which has no
    // `retryable` field: the flag is never read for it, and true is what that result means.
    429: BOTH,
    502: BOTH,
    503: BOTH,
    504: BOTH,
  },
  reasons: {
    timeout: BOTH,
    reset: BOTH,
    refused: BOTH,
    unreachable: REPORTED_ONLY,
    'too-large': NEITHER,
    'circuit-open': REPORTED_ONLY,
  },
};

export function retryRuleOf(answer: RetryCase): RetryRule {
  return 'reason' in answer ? RETRY_POLICY.reasons[answer.reason] : (RETRY_POLICY.statuses[answer.status] ?? NEITHER);
}

/** Worth another attempt within the same call (resilience.ts adds its own conditions). */
export const isRetriedHere = (answer: RetryCase): boolean => retryRuleOf(answer).retriedHere;

/** The `retryable` of the WorkspaceProviderError this answer becomes. */
export const isReportedRetryable = (answer: RetryCase): boolean => retryRuleOf(answer).reportedRetryable;
