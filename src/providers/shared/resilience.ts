import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhenResult,
  retry,
  TaskCancelledError,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { parseRetryAfter } from './retry-after';
import type { UpstreamNetworkFailure, UpstreamResponse } from './upstream';

export interface ResilienceOptions {
  /** Deadline of one attempt. */
  attemptTimeoutMs: number;
  /** Deadline of the whole call, retries and waits included. */
  budgetMs: number;
  /** Attempts in all, for the calls that may be retried. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** A provider's Retry-After is honoured up to this long. */
  retryAfterCapMs: number;
  /** Consecutive failures (5xx, timeouts, resets) that open the breaker. */
  breakerThreshold: number;
  /** How long an open breaker fails fast before letting one call through. */
  breakerHalfOpenAfterMs: number;
}

export type AttemptResult = UpstreamResponse | UpstreamNetworkFailure;
export interface CircuitOpen {
  reason: 'circuit-open';
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const RETRYABLE_REASONS = new Set<UpstreamNetworkFailure['reason']>(['timeout', 'reset', 'refused']);

const isNetworkFailure = (result: AttemptResult): result is UpstreamNetworkFailure => 'reason' in result;

/**
 * Worth another attempt: 429/502/503/504, resets, refused connections and timeouts — unless the
 * provider asks to wait longer than we may (`retryAfterCapMs`): then its answer goes back to the
 * caller at once, with its Retry-After, rather than hold the request.
 */
export function isRetryable(result: AttemptResult, retryAfterCapMs: number): boolean {
  if (isNetworkFailure(result)) return RETRYABLE_REASONS.has(result.reason);
  if (!RETRYABLE_STATUSES.has(result.status)) return false;
  const asked = parseRetryAfter(result.header('retry-after'));
  return asked === null || asked * 1000 <= retryAfterCapMs;
}

/** What the breaker counts as the provider failing (a 4xx is the caller's problem, not the provider's). */
function isProviderFailure(result: AttemptResult): boolean {
  return isNetworkFailure(result) ? result.reason !== 'too-large' : result.status >= 500;
}

/**
 * Exponential backoff with decorrelated jitter (cockatiel's default), stretched to a provider's
 * Retry-After when it asks for longer (only a Retry-After within the cap is retried at all:
 * see isRetryable).
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly jitter: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const jittered = this.jitter.next(context);
    const result = 'value' in context.result ? (context.result.value as AttemptResult) : undefined;
    const asked = result && !isNetworkFailure(result) ? parseRetryAfter(result.header('retry-after')) : null;
    const duration = Math.max(jittered.duration, (asked ?? 0) * 1000);
    return { duration, next: (ctx) => new RetryAfterBackoff(jittered).next(ctx) };
  }
}

/**
 * One provider's outbound policy, shared by all requests: a circuit breaker, and retries with
 * backoff for idempotent calls, all within a time budget.
 */
export class ProviderResilience {
  private readonly breaker: CircuitBreakerPolicy;
  /** Built once: a policy keeps no per-call state (each execute() starts its own backoff). */
  private readonly retries: RetryPolicy;

  constructor(private readonly options: ResilienceOptions) {
    this.retries = retry(
      handleWhenResult((r) => isRetryable(r as AttemptResult, options.retryAfterCapMs)),
      {
        maxAttempts: options.maxAttempts - 1,
        backoff: new RetryAfterBackoff(
          new ExponentialBackoff({ initialDelay: options.initialBackoffMs, maxDelay: options.maxBackoffMs }),
        ),
      },
    );
    this.breaker = circuitBreaker(
      handleWhenResult((r) => isProviderFailure(r as AttemptResult)),
      {
        halfOpenAfter: options.breakerHalfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.breakerThreshold),
      },
    );
  }

  get breakerState(): 'closed' | 'open' | 'half-open' {
    const state = this.breaker.state;
    if (state === CircuitState.Closed) return 'closed';
    return state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  get halfOpenAfterSeconds(): number {
    return Math.ceil(this.options.breakerHalfOpenAfterMs / 1000);
  }

  /**
   * Runs `attempt` (which must not throw) through the breaker; retries it when `idempotent`.
   * Each attempt gets a signal that fires at its own deadline or at the end of the budget.
   */
  async run(
    attempt: (signal: AbortSignal) => Promise<AttemptResult>,
    idempotent: boolean,
  ): Promise<AttemptResult | CircuitOpen> {
    const { options } = this;
    const ends = Date.now() + options.budgetMs;
    let last: AttemptResult = { reason: 'timeout' };
    const once = async (): Promise<AttemptResult> => {
      const attemptDeadline = deadline(Math.min(options.attemptTimeoutMs, Math.max(1, ends - Date.now())));
      try {
        last = await attempt(attemptDeadline.signal);
      } finally {
        attemptDeadline.clear();
      }
      return last;
    };
    const throughBreaker = () => this.breaker.execute(once);
    // The budget also ends the waits between attempts.
    const budget = idempotent ? deadline(options.budgetMs) : undefined;
    try {
      return await (budget ? this.retries.execute(throughBreaker, budget.signal) : throughBreaker());
    } catch (error) {
      if (error instanceof BrokenCircuitError) return { reason: 'circuit-open' };
      // The budget ran out while waiting to retry: the last answer stands.
      if (error instanceof TaskCancelledError) return last;
      throw error;
    } finally {
      budget?.clear();
    }
  }
}

/**
 * A signal that aborts with a TimeoutError after `ms`, like `AbortSignal.timeout()`, but whose
 * timer is cleared as soon as the call ends. Node keeps an `AbortSignal.timeout()` signal that
 * has abort listeners (undici's, cockatiel's) alive until it fires, and with it everything those
 * listeners reach: under load that held every request's objects for the whole 15 s budget.
 */
function deadline(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
