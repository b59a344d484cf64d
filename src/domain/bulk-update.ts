import { fail, failures, type FieldError, type Outcome, type WorkspaceFailure } from './failures';
import { PROVIDER_LABELS, type ProviderName } from './provider';
import type { Workspace } from './workspace';

/** At most this many inputs in one `updateWorkspaces`; more is refused before anything is sent. */
export const MAX_BULK_UPDATES = 100;

/** How many updates of one operation run at once, and how long the operation may last. */
export interface BulkUpdateSettings {
  /** Updates in flight at once per provider within one operation (WRITE_CONCURRENCY). */
  writeConcurrency: number;
  /** The whole operation ends within this many ms (BULK_DEADLINE_MS), below a router's 30 s. */
  deadlineMs: number;
  /** The longest one provider call may take, retries and waits included (UPSTREAM_BUDGET_MS). */
  callBudgetMs: number;
}

export const DEFAULT_BULK_UPDATE_SETTINGS: BulkUpdateSettings = Object.freeze({
  writeConcurrency: 4,
  deadlineMs: 25_000,
  callBudgetMs: 15_000,
});

/** The code of the WorkspaceProviderError of an item that was not sent for want of time. */
export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';

/** `path` as it reads from the argument: ["input"] for updateWorkspace, ["inputs", "3"] for item 3 of updateWorkspaces. */
export type InputPath = readonly string[];

/** The path of updateWorkspace's one argument, where every field error is first built. */
export const INPUT_PATH: InputPath = ['input'];

/**
 * A failure whose field errors are rooted at `["input", …]` (as validation and the providers'
 * mappings build them), rooted at `path` instead: `["input","tags","0"]` becomes
 * `["inputs","3","tags","0"]` for item 3 of updateWorkspaces.
 */
export function atPath<T>(outcome: Outcome<T>, path: InputPath): Outcome<T> {
  if (outcome.ok || outcome.failure.kind !== 'validation' || samePath(path, INPUT_PATH)) return outcome;
  const { fieldErrors, message } = outcome.failure;
  const rerooted = fieldErrors.map((error): FieldError => ({
    ...error,
    path: error.path[0] === INPUT_PATH[0] ? [...path, ...error.path.slice(1)] : error.path,
  }));
  return fail(failures.validation(rerooted, message));
}

const samePath = (a: InputPath, b: InputPath): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * One provider's updates within one operation: at most `writeConcurrency` in flight, started in
 * input order, the other providers' lanes running alongside. Kind to the provider:
 * - once it answers 429 (WorkspaceRateLimitedError), the updates not yet sent are answered
 *   WorkspaceRateLimitedError at once, with the same retryAfterSeconds, instead of being sent;
 * - once its circuit breaker is seen open (CIRCUIT_OPEN), likewise with that failure;
 * - an update that had to wait for a free slot is only sent while its whole call budget still
 *   fits before the operation's deadline; otherwise it is answered WorkspaceProviderError
 *   (DEADLINE_EXCEEDED, retryable) unsent. Updates that get a slot at once are sent at the
 *   operation's start: the operation ends within max(deadline, call budget).
 */
export class ProviderLane {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Why the updates not yet sent are answered without a call; null while they may be sent. */
  private stopped: WorkspaceFailure | null = null;

  /**
   * @param latestStart the last moment (epoch ms, as `now` reads it) at which a waiting update
   * may still be sent.
   */
  constructor(
    private readonly provider: ProviderName,
    private readonly writeConcurrency: number,
    private readonly latestStart: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `send` when a slot is free and the provider may still be called; else answers without it. */
  async run(send: () => Promise<Outcome<Workspace>>): Promise<Outcome<Workspace>> {
    const waited = this.inFlight >= Math.max(1, this.writeConcurrency);
    if (waited) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      if (this.stopped) return fail(this.stopped);
      if (waited && this.now() > this.latestStart) return fail(this.deadlineExceeded());
      const outcome = await send();
      if (!outcome.ok) this.learnFrom(outcome.failure);
      return outcome;
    } finally {
      this.release();
    }
  }

  /** The slot goes to the next waiting update, in input order; else it is free. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  /**
   * The first 429 or open breaker stops the lane. (The updates waiting then are answered at once,
   * one after the other, before any other answer can arrive.)
   */
  private learnFrom(failure: WorkspaceFailure): void {
    if (this.stopped) return;
    const label = PROVIDER_LABELS[this.provider];
    if (failure.kind === 'rate-limited') {
      this.stopped = failures.rateLimited(
        this.provider,
        failure.retryAfterSeconds,
        `${label} is limiting the rate of requests (it answered 429 to an earlier update of this operation): not sent.`,
      );
    } else if (failure.kind === 'provider' && failure.code === 'CIRCUIT_OPEN') {
      this.stopped = failures.provider(
        this.provider,
        { status: null, code: 'CIRCUIT_OPEN', retryable: failure.retryable },
        `${label} is failing: calls to it are paused (circuit breaker open): not sent.`,
      );
    }
  }

  private deadlineExceeded(): WorkspaceFailure {
    return failures.provider(
      this.provider,
      { status: null, code: DEADLINE_EXCEEDED, retryable: true },
      `Not sent to ${PROVIDER_LABELS[this.provider]}: it could not have finished within this operation's time limit. Send it again.`,
    );
  }
}

/** The lanes of one operation, one per provider, created as items need them. */
export function providerLanes(
  settings: BulkUpdateSettings,
  now: () => number = Date.now,
): (provider: ProviderName) => ProviderLane {
  const latestStart = now() + Math.max(0, settings.deadlineMs - settings.callBudgetMs);
  const lanes = new Map<ProviderName, ProviderLane>();
  return (provider) => {
    let lane = lanes.get(provider);
    if (!lane) {
      lane = new ProviderLane(provider, settings.writeConcurrency, latestStart, now);
      lanes.set(provider, lane);
    }
    return lane;
  };
}
