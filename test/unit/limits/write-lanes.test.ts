// The process-wide write lanes (WRITE_CONCURRENCY per provider and credential): first come, first
// served; a stopped request leaves the queue at once; a 429 answers everyone waiting; idle lanes
// are forgotten.
import { describe, expect, it } from 'vitest';
import { failures } from '../../../src/domain/failures';
import { DEFAULT_REQUEST_LIMITS, RequestScope } from '../../../src/limits';
import { WriteLanes, type Refusal, type Slot } from '../../../src/limits/write-lanes';
import { providerAt } from '../../providers';

const newScope = () => new RequestScope(DEFAULT_REQUEST_LIMITS);

const granted = (result: Slot | Refusal): Slot => {
  if (!result.granted) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
};

describe('WriteLanes', () => {
  it('grants up to the concurrency at once, then hands freed slots out in arrival order', async () => {
    const lanes = new WriteLanes(2);
    const scope = newScope();
    const first = granted(await lanes.acquire('p:k', scope));
    const second = granted(await lanes.acquire('p:k', scope));
    expect([first.waited, second.waited]).toEqual([false, false]);
    const order: number[] = [];
    const waiting = [3, 4, 5].map((n) => lanes.acquire('p:k', scope).then((slot) => (order.push(n), slot)));
    // Another credential has lanes of its own.
    expect(granted(await lanes.acquire('p:other', scope)).waited).toBe(false);
    first.release();
    second.release();
    const third = granted(await waiting[0]!);
    third.release();
    await Promise.all(waiting.slice(1)).then((slots) => slots.forEach((slot) => granted(slot).release()));
    expect(order).toEqual([3, 4, 5]);
    expect(third.waited).toBe(true);
  });

  it('a waiting write whose request reaches its deadline leaves the queue then, not when a slot frees', async () => {
    const lanes = new WriteLanes(1);
    const held = granted(await lanes.acquire('k', newScope()));
    const started = Date.now();
    const waiting = await lanes.acquire('k', new RequestScope({ ...DEFAULT_REQUEST_LIMITS, deadlineMs: 50 }));
    expect(waiting).toEqual({ granted: false, stop: 'DEADLINE_EXCEEDED' });
    expect(Date.now() - started).toBeLessThan(1000);
    held.release();
  });

  it('a waiting write whose request stops leaves the queue with the reason', async () => {
    const lanes = new WriteLanes(1);
    const controller = newScope();
    const held = granted(await lanes.acquire('k', newScope()));
    const waiting = lanes.acquire('k', controller);
    controller.stop('CANCELLED');
    expect(await waiting).toEqual({ granted: false, stop: 'CANCELLED' });
    held.release();
    expect(lanes.activeLanes).toBe(0);
  });

  it('refuseWaiting answers every waiting write with the failure, leaving those in flight alone', async () => {
    const lanes = new WriteLanes(1);
    const scope = newScope();
    const held = granted(await lanes.acquire('k', scope));
    const waiting = [lanes.acquire('k', scope), lanes.acquire('k', scope)];
    const failure = failures.rateLimited(providerAt(0).provider, 30, 'slow down');
    lanes.refuseWaiting('k', failure);
    expect(await Promise.all(waiting)).toEqual([
      { granted: false, failure },
      { granted: false, failure },
    ]);
    held.release();
    held.release();
    expect(lanes.activeLanes).toBe(0);
  });
});
