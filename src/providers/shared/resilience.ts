import { EventEmitter } from 'node:events';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhenResult,
  retry,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { StopCheck } from '../../limits/request-scope';
import { isRetriedHere } from '../../provider-calls/retry-policy';
import type { AttemptSignal, CircuitOpen, NoAnswer, ProviderAttempt, ProviderCall } from '../../provider-calls/types';
import { parseRetryAfter } from './retry-after';

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

/**
 * What the policy reads of an attempt's result: its status and Retry-After, or why no answer came
 * (an AttemptResult is one; so is a parsed UpstreamResponse).
 */
export type Attempted = { status: number; header(name: string): string | null } | NoAnswer;

const isNetworkFailure = (result: Attempted): result is NoAnswer => 'reason' in result;

/**
 * Worth another attempt: what the retry table (src/provider-calls/retry-policy.ts) retries here
 * (429/502/503/504, resets, refused connections and timeouts) — unless the provider asks to wait
 * longer than we may (`retryAfterCapMs`): then its answer goes back to the caller at once, with
 * its Retry-After, rather than hold the request.
 */
export function isRetryable(result: Attempted, retryAfterCapMs: number): boolean {
  if (!isRetriedHere(result)) return false;
  if (isNetworkFailure(result)) return true;
  const asked = askedWaitMs(result);
  return asked === null || asked <= retryAfterCapMs;
}

/** The provider's Retry-After, in ms, or null. */
function askedWaitMs(result: Attempted): number | null {
  if (isNetworkFailure(result)) return null;
  const seconds = parseRetryAfter(result.header('retry-after'));
  return seconds === null ? null : seconds * 1000;
}

/** What the breaker counts as the provider failing (a 4xx is the caller's problem, not the provider's). */
function isProviderFailure(result: Attempted): boolean {
  return isNetworkFailure(result) ? result.reason !== 'too-large' : result.status >= 500;
}

/**
 * A retry is only made when, after waiting at least what the provider asked, this much of the
 * call's budget is left for the attempt; otherwise the answer in hand goes back to the caller.
 */
const MIN_ATTEMPT_MS = 500;

/**
 * Exponential backoff with decorrelated jitter (cockatiel's default), stretched to a provider's
 * Retry-After when it asks for longer, and never past the point that leaves the next attempt
 * less than MIN_ATTEMPT_MS of the budget (`room`). cockatiel waits between attempts with a timer
 * that no signal cuts short, so the budget has to be kept here.
 */
class BudgetedBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly jitter: IBackoffFactory<unknown>,
    private readonly room: () => number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const jittered = this.jitter.next(context);
    const result = 'value' in context.result ? (context.result.value as Attempted) : undefined;
    const asked = (result && askedWaitMs(result)) ?? 0;
    const duration = Math.max(asked, Math.min(jittered.duration, this.room()));
    return { duration, next: (ctx) => new BudgetedBackoff(jittered, this.room).next(ctx) };
  }
}

/**
 * One provider's outbound policy, shared by all requests: a circuit breaker, and retries with
 * backoff for idempotent calls, all within a time budget. In the call pipeline it is the layer
 * between the call and its attempts (`around`).
 */
export class ProviderResilience {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly jitter: ExponentialBackoff<unknown>;

  constructor(private readonly options: ResilienceOptions) {
    this.jitter = new ExponentialBackoff({ initialDelay: options.initialBackoffMs, maxDelay: options.maxBackoffMs });
    this.breaker = circuitBreaker(
      handleWhenResult((r) => isProviderFailure(r as Attempted)),
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
   * The pipeline layer: each call goes through the breaker and, when it is idempotent, is retried
   * within its budget until its GraphQL request stops (`run`); each attempt goes to `next` with
   * its number, its signal and what the attempt it retries got.
   */
  around(next: ProviderAttempt): ProviderCall {
    return (request) =>
      this.run(
        (signal, number, retryOf) => next(request, { number, signal, retryOf }),
        request.idempotent,
        request.stop,
      );
  }

  /**
   * Runs `attempt` (which must not throw) through the breaker; retries it when `idempotent`,
   * within the budget: each attempt's signal fires at its own deadline or at the budget's end,
   * and no retry starts that the budget has no room for. `attempt` is called only for the
   * attempts actually made (an open breaker may refuse a planned retry), with its number (0 for
   * the first, 1 for the first retry…) and, for a retry, what the previous attempt got. Once
   * `stop` says the GraphQL request stopped (client gone, deadline), no retry is sent: the answer
   * in hand is the call's.
   */
  async run<R extends Attempted>(
    attempt: (signal: AttemptSignal, number: number, retryOf: R | undefined) => Promise<R>,
    idempotent: boolean,
    stop?: StopCheck,
  ): Promise<R | CircuitOpen> {
    const { options } = this;
    const ends = Date.now() + options.budgetMs;
    const remaining = () => ends - Date.now();
    let made = 0;
    let previous: R | undefined;
    const once = async (): Promise<R> => {
      // Stopped during the wait before a retry: the answer in hand stands, nothing more is sent.
      if (previous && stop?.stopped) return previous;
      const attemptDeadline = new AttemptDeadline(Math.min(options.attemptTimeoutMs, Math.max(1, remaining())));
      try {
        previous = await attempt(attemptDeadline, made++, previous);
        return previous;
      } finally {
        attemptDeadline.clear();
      }
    };
    const throughBreaker = () => this.breaker.execute(once);
    const worthRetrying = (result: R) =>
      isRetryable(result, options.retryAfterCapMs) &&
      (askedWaitMs(result) ?? 0) + MIN_ATTEMPT_MS <= remaining() &&
      !stop?.stopped;
    try {
      // The first attempt goes through the breaker alone: most calls end there.
      const first = await throughBreaker();
      if (!idempotent || !worthRetrying(first)) return first;
      // A retry policy for this call only (its condition and backoff read this call's budget),
      // built once it is needed; its first execution is the answer in hand.
      let inHand: R | undefined = first;
      const retries = retry(
        handleWhenResult((r) => worthRetrying(r as R)),
        {
          maxAttempts: options.maxAttempts - 1,
          backoff: new BudgetedBackoff(this.jitter, () => remaining() - MIN_ATTEMPT_MS),
        },
      );
      return await retries.execute(() => {
        if (inHand === undefined) return throughBreaker();
        const answer = inHand;
        inHand = undefined;
        return answer;
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) return { reason: 'circuit-open' };
      throw error;
    }
  }
}

/**
 * An attempt's signal (AttemptSignal): fires `abort` with a TimeoutError after `ms`, like
 * `AbortSignal.timeout()`, but its timer is cleared as soon as the attempt ends. Node keeps an
 * `AbortSignal.timeout()` signal that has abort listeners (undici's) alive until it fires, and with
 * it everything those listeners reach: under load that held every request's objects for the whole
 * 15 s budget.
 */
export class AttemptDeadline extends EventEmitter implements AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      this.emit('abort');
    }, ms);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
