import type { WorkspaceFailure } from '../domain/failures';
import type { RequestScope, StopReason } from './request-scope';

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

  /** A slot on `key`'s lane when one is free now; null when the write has to wait (`acquire`). */
  tryAcquire(key: string): Slot | null {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    if (lane.inFlight >= Math.max(1, this.concurrency)) return null;
    lane.inFlight++;
    return this.slot(key, lane, false);
  }

  /** A slot on `key`'s lane, at once or when one frees up; refused when the request stops meanwhile. */
  acquire(key: string, scope: Pick<RequestScope, 'onStop'>): Promise<Slot | Refusal> {
    const now = this.tryAcquire(key);
    if (now) return Promise.resolve(now);
    const lane = this.lanes.get(key) as Lane;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (slot) => {
          stopListening();
          resolve(slot);
        },
        refuse: (refusal) => {
          stopListening();
          resolve(refusal);
        },
      };
      lane.waiting.push(waiter);
      const stopListening = scope.onStop((stop) => {
        const index = lane.waiting.indexOf(waiter);
        if (index !== -1) lane.waiting.splice(index, 1);
        resolve({ granted: false, stop });
      });
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
