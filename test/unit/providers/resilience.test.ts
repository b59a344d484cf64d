// ProviderResilience's deadlines: each attempt gets a signal that fires at its own deadline, and
// a finished call leaves no timer behind (a pending deadline would keep the call's objects alive
// until it fired, for up to the whole budget).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderResilience, type AttemptResult } from '../../../src/providers/shared/resilience';
import { jsonResponse } from '../helpers';

const OPTIONS = {
  attemptTimeoutMs: 6_000,
  budgetMs: 15_000,
  maxAttempts: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 2_000,
  retryAfterCapMs: 2_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ProviderResilience deadlines', () => {
  it('a call that is answered leaves no timer pending', async () => {
    const resilience = new ProviderResilience(OPTIONS);
    const result = await resilience.run(async () => jsonResponse(200, {}), true);
    expect(result).toMatchObject({ status: 200 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call retried after a 503 leaves no timer pending either', async () => {
    const resilience = new ProviderResilience(OPTIONS);
    const answers = [jsonResponse(503, {}), jsonResponse(200, {})];
    const call = resilience.run(async () => answers.shift() ?? jsonResponse(500, {}), true);
    await vi.runAllTimersAsync();
    expect(await call).toMatchObject({ status: 200 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts a hanging attempt at its deadline with a TimeoutError, and the budget ends the retries', async () => {
    const resilience = new ProviderResilience(OPTIONS);
    const aborted: { at: number; name: string }[] = [];
    const start = Date.now();
    const hang = (signal: AbortSignal) =>
      new Promise<AttemptResult>((resolve) =>
        signal.addEventListener('abort', () => {
          aborted.push({ at: Date.now() - start, name: (signal.reason as Error).name });
          resolve({ reason: 'timeout' });
        }),
      );
    const call = resilience.run(hang, true);
    await vi.runAllTimersAsync();
    expect(await call).toEqual({ reason: 'timeout' });
    expect(aborted.map((a) => a.name)).toEqual(aborted.map(() => 'TimeoutError'));
    expect(aborted[0]?.at).toBe(OPTIONS.attemptTimeoutMs);
    expect(aborted.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...aborted.map((a) => a.at))).toBeLessThanOrEqual(OPTIONS.budgetMs);
    expect(vi.getTimerCount()).toBe(0);
  });
});
