// mapWithConcurrency: bounded parallelism, results in input order.
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../src/domain/concurrency';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A task that records how many run at once. */
function tracked<T>(delay: (item: T) => number) {
  const state = { running: 0, max: 0, started: [] as T[] };
  const task = async (item: T): Promise<string> => {
    state.running++;
    state.max = Math.max(state.max, state.running);
    state.started.push(item);
    await sleep(delay(item));
    state.running--;
    return `done ${String(item)}`;
  };
  return { state, task };
}

describe('mapWithConcurrency', () => {
  it('keeps results in input order whatever finishes first', async () => {
    const { task } = tracked<number>((n) => 30 - n * 5);
    expect(await mapWithConcurrency([1, 2, 3, 4, 5], 3, task)).toEqual([
      'done 1',
      'done 2',
      'done 3',
      'done 4',
      'done 5',
    ]);
  });

  it('never runs more than the limit at once, and does reach it', async () => {
    const { state, task } = tracked<number>(() => 10);
    await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, task);
    expect(state.max).toBe(3);
    expect(state.started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('runs everything at once when the limit exceeds the items', async () => {
    const { state, task } = tracked<number>(() => 10);
    await mapWithConcurrency([1, 2, 3], 10, task);
    expect(state.max).toBe(3);
  });

  it('treats a limit below 1 as 1', async () => {
    const { state, task } = tracked<number>(() => 5);
    expect(await mapWithConcurrency([1, 2, 3], 0, task)).toEqual(['done 1', 'done 2', 'done 3']);
    expect(state.max).toBe(1);
  });

  it('returns an empty list without calling the task', async () => {
    let calls = 0;
    expect(
      await mapWithConcurrency([], 4, async () => {
        calls++;
        return 1;
      }),
    ).toEqual([]);
    expect(calls).toBe(0);
  });

  it('rejects when a task rejects', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
  });
});
