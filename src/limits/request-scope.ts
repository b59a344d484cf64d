import { setMaxListeners } from 'node:events';
import type { CostKind, RequestCost } from './request-cost';

/** What one HTTP request may cost, and how long it may last (ARCHITECTURE.md, "Limits and fair use"). */
export interface RequestLimits {
  /** Upstream writes one HTTP request may cause (MAX_REQUEST_WRITES). */
  maxWrites: number;
  /** Upstream reads one HTTP request may cause (MAX_REQUEST_READS). */
  maxReads: number;
  /** Operations in one batched request (MAX_BATCH_OPERATIONS). */
  maxBatchOperations: number;
  /** One deadline for the whole HTTP request, every operation and field of it (REQUEST_DEADLINE_MS). */
  deadlineMs: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = Object.freeze({
  maxWrites: 100,
  maxReads: 500,
  maxBatchOperations: 10,
  deadlineMs: 25_000,
});

/** Why a request stopped sending: its client went away, or its deadline passed. */
export type StopReason = 'CANCELLED' | 'DEADLINE_EXCEEDED';

/**
 * One HTTP request's budget, deadline and cancellation, shared by every operation and field of
 * it. The estimate refuses an over-budget request before it runs; the counters here are the hard
 * stop while it runs (a persisted query's hash, say, carries no text to estimate).
 */
export class RequestScope {
  readonly startedAt: number;
  readonly deadlineAt: number;
  private readonly controller = new AbortController();
  private readonly spent: RequestCost = { writes: 0, reads: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly limits: RequestLimits,
    now: number = Date.now(),
  ) {
    this.startedAt = now;
    this.deadlineAt = now + limits.deadlineMs;
    // Every write waiting for a lane listens (at most MAX_REQUEST_WRITES of them): no leak to warn of.
    setMaxListeners(0, this.controller.signal);
    this.timer = setTimeout(() => this.stop('DEADLINE_EXCEEDED'), limits.deadlineMs);
    this.timer.unref();
  }

  /** Aborts when the request stops: its reason is a StopReason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why nothing more may be sent; null while the request goes on. */
  get stopped(): StopReason | null {
    return this.controller.signal.aborted ? (this.controller.signal.reason as StopReason) : null;
  }

  /** Counts one upstream call; false (and nothing counted) when the request's budget has none left. */
  spend(kind: CostKind): boolean {
    const limit = kind === 'writes' ? this.limits.maxWrites : this.limits.maxReads;
    if (this.spent[kind] >= limit) return false;
    this.spent[kind] += 1;
    return true;
  }

  stop(reason: StopReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    clearTimeout(this.timer);
  }

  /** The response went out: the deadline no longer matters. */
  finish(): void {
    clearTimeout(this.timer);
  }
}
