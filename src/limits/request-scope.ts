import type { CostKind, RequestCost } from './request-cost';

/** What one HTTP request may cost, and how long it may last (README, "Limits and fair use"). */
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

/** A kind of upstream call's limit per request, and the variable that sets it (for messages). */
export function limitOf(limits: RequestLimits, kind: CostKind): { max: number; variable: string } {
  return kind === 'writes'
    ? { max: limits.maxWrites, variable: 'MAX_REQUEST_WRITES' }
    : { max: limits.maxReads, variable: 'MAX_REQUEST_READS' };
}

/** Why a request stopped sending: its client went away, or its deadline passed. */
export type StopReason = 'CANCELLED' | 'DEADLINE_EXCEEDED';

/** What a call in progress asks of its request: has it stopped? (The data source's retries read it.) */
export interface StopCheck {
  readonly stopped: StopReason | null;
}

/**
 * One HTTP request's budget, deadline and cancellation, shared by every operation and field of
 * it. The estimate refuses an over-budget request before it runs; the counters here are the hard
 * stop while it runs (a persisted query's hash, say, carries no text to estimate).
 *
 * Cheap on the common path (no timer, no AbortController): the deadline is read from the clock
 * where a call is about to be sent, and a timer is only armed for the writes that wait for a
 * lane (`onStop`), so that they are answered when the deadline passes.
 */
export class RequestScope implements StopCheck {
  readonly startedAt: number;
  readonly deadlineAt: number;
  private reason: StopReason | null = null;
  private finished = false;
  private readonly spent: RequestCost = { writes: 0, reads: 0 };
  private listeners: Set<(reason: StopReason) => void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly limits: RequestLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.deadlineAt = this.startedAt + limits.deadlineMs;
  }

  /** Why nothing more may be sent; null while the request goes on. */
  get stopped(): StopReason | null {
    if (this.reason === null && this.now() >= this.deadlineAt) this.stop('DEADLINE_EXCEEDED');
    return this.reason;
  }

  /** Counts one upstream call; false (and nothing counted) when the request's budget has none left. */
  spend(kind: CostKind): boolean {
    if (this.spent[kind] >= limitOf(this.limits, kind).max) return false;
    this.spent[kind] += 1;
    return true;
  }

  /** Calls `listener` once when the request stops (at the latest at its deadline); returns how to stop listening. */
  onStop(listener: (reason: StopReason) => void): () => void {
    (this.listeners ??= new Set()).add(listener);
    if (this.timer === undefined && !this.finished && this.reason === null) {
      this.timer = setTimeout(() => this.stop('DEADLINE_EXCEEDED'), Math.max(0, this.deadlineAt - this.now()));
      this.timer.unref();
    }
    return () => this.listeners?.delete(listener);
  }

  stop(reason: StopReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    clearTimeout(this.timer);
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const listener of listeners ?? []) listener(reason);
  }

  /** The response went out: the deadline no longer matters. */
  finish(): void {
    this.finished = true;
    clearTimeout(this.timer);
  }
}
