import type { WorkspaceFailure } from '../domain/failures';
import type { StopReason } from './request-scope';

/** A slot to send one write; `waited` when it was not free at once. Release it when the call ends. */
export interface Slot {
  granted: true;
  waited: boolean;
  release(): void;
}

/** Why a waiting write got no slot: its request stopped, or the provider said to stop (a 429). */
export type Refusal = { granted: false; stop: StopReason } | { granted: false; failure: WorkspaceFailure };

interface Waiter {
  grant(slot: Slot): void;
  refuse(refusal: Refusal): void;
}

interface Lane {
  inFlight: number;
  waiting: Waiter[];
}

/**
 * Writes in flight per provider and credential, across the whole process (WRITE_CONCURRENCY):
 * every operation, alias and batched request using one credential shares its lanes, and slots go
 * to waiting writes first come, first served. A lane is forgotten once idle, so per-caller
 * credentials leave nothing behind. Keys are never credentials (guarded-gateway.ts hashes them).
 */
export class WriteLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly concurrency: number) {}

  /** A slot on `key`'s lane, at once or when one frees up; refused when `signal` aborts meanwhile. */
  acquire(key: string, signal: AbortSignal): Promise<Slot | Refusal> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.inFlight < Math.max(1, this.concurrency)) {
      lane.inFlight++;
      return Promise.resolve(this.slot(key, lane, false));
    }
    const waitingLane = lane;
    return new Promise((resolve) => {
      const onAbort = () => {
        const index = waitingLane.waiting.indexOf(waiter);
        if (index !== -1) waitingLane.waiting.splice(index, 1);
        resolve({ granted: false, stop: signal.reason as StopReason });
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        refuse: (refusal) => {
          signal.removeEventListener('abort', onAbort);
          resolve(refusal);
        },
      };
      waitingLane.waiting.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Every write waiting on `key` is answered `failure` at once, instead of being sent. */
  refuseWaiting(key: string, failure: WorkspaceFailure): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    for (const waiter of lane.waiting.splice(0)) waiter.refuse({ granted: false, failure });
  }

  /** Lanes with writes in flight or waiting (for tests and metrics). */
  get activeLanes(): number {
    return this.lanes.size;
  }

  private slot(key: string, lane: Lane, waited: boolean): Slot {
    let released = false;
    return {
      granted: true,
      waited,
      release: () => {
        if (released) return;
        released = true;
        const next = lane.waiting.shift();
        if (next) {
          next.grant(this.slot(key, lane, true));
          return;
        }
        lane.inFlight--;
        if (lane.inFlight === 0) this.lanes.delete(key);
      },
    };
  }
}
