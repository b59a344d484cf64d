// ProviderResilience's deadlines and budget: each attempt gets a signal that fires at its own
// deadline; a finished call leaves no deadline pending (a pending one would keep the call's
// objects alive until it fired); no retry starts, and no wait runs, past the call's budget.
// As a layer of the provider call pipeline, it tells each attempt its number and what it retries.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptSignal } from '../../../src/provider-calls/types';
import { ProviderResilience, type Attempted } from '../../../src/providers/shared/resilience';
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

afterEach(() => vi.useRealTimers());

/** An attempt that records its signal and when it started, answering from `answers` in turn. */
function scripted(answers: Attempted[]) {
  const calls: { signal: AttemptSignal; at: number }[] = [];
  const start = Date.now();
  const attempt = async (signal: AttemptSignal) => {
    calls.push({ signal, at: Date.now() - start });
    return answers.shift() ?? jsonResponse(500, {});
  };
  return { attempt, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a finished call leaves no deadline pending', () => {
  it.each([
    ['an idempotent call', true],
    ['a call that is never retried', false],
  ])('%s: its attempt signal never fires after the answer', async (_case, idempotent) => {
    const resilience = new ProviderResilience({ ...OPTIONS, attemptTimeoutMs: 30, budgetMs: 60 });
    const { attempt, calls } = scripted([jsonResponse(200, {})]);
    expect(await resilience.run(attempt, idempotent)).toMatchObject({ status: 200 });
    await sleep(100);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal.aborted).toBe(false);
  });
});

describe('retries within the budget', () => {
  it('retries a 503 after the backoff, and answers with the retry', async () => {
    vi.useFakeTimers();
    const resilience = new ProviderResilience(OPTIONS);
    const { attempt, calls } = scripted([jsonResponse(503, {}), jsonResponse(200, {})]);
    const call = resilience.run(attempt, true);
    await vi.runAllTimersAsync();
    expect(await call).toMatchObject({ status: 200 });
    expect(calls).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits out a Retry-After within the cap when the budget has room for it', async () => {
    vi.useFakeTimers();
    const resilience = new ProviderResilience(OPTIONS);
    const { attempt, calls } = scripted([jsonResponse(503, {}, { 'Retry-After': '1' }), jsonResponse(200, {})]);
    const call = resilience.run(attempt, true);
    await vi.runAllTimersAsync();
    expect(await call).toMatchObject({ status: 200 });
    expect(calls[1]?.at).toBeGreaterThanOrEqual(1_000);
  });

  it("answers at once with the provider's 503 when its Retry-After does not fit in what is left of the budget", async () => {
    const resilience = new ProviderResilience({ ...OPTIONS, budgetMs: 300 });
    const { attempt, calls } = scripted([jsonResponse(503, {}, { 'Retry-After': '1' }), jsonResponse(200, {})]);
    const started = Date.now();
    const result = await resilience.run(attempt, true);
    expect(result).toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('aborts a hanging attempt at its deadline with a TimeoutError, and starts none past the budget', async () => {
    vi.useFakeTimers();
    const resilience = new ProviderResilience(OPTIONS);
    const aborted: { at: number; name: string }[] = [];
    const started: number[] = [];
    const start = Date.now();
    const hang = (signal: AttemptSignal) => {
      started.push(Date.now() - start);
      return new Promise<Attempted>((resolve) =>
        signal.once('abort', () => {
          aborted.push({ at: Date.now() - start, name: (signal.reason as Error).name });
          resolve({ reason: 'timeout' });
        }),
      );
    };
    const call = resilience.run(hang, true);
    await vi.runAllTimersAsync();
    expect(await call).toEqual({ reason: 'timeout' });
    expect(aborted.map((a) => a.name)).toEqual(aborted.map(() => 'TimeoutError'));
    expect(aborted[0]?.at).toBe(OPTIONS.attemptTimeoutMs);
    expect(started).toHaveLength(OPTIONS.maxAttempts);
    // Each attempt starts with room left and ends by the budget's end.
    for (const at of started) expect(at).toBeLessThanOrEqual(OPTIONS.budgetMs - 500);
    expect(Math.max(...aborted.map((a) => a.at))).toBeLessThanOrEqual(OPTIONS.budgetMs);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('as a layer of the provider call pipeline (around)', () => {
  const request = {
    provider: 'vertra' as const,
    method: 'GET' as const,
    url: 'http://provider.test/v1/workspaces/org123',
    urlTemplate: () => 'http://provider.test/v1/workspaces/%7Bid%7D',
    headers: {},
    idempotent: true,
    credential: { token: 't' },
  };
  const answer = (status: number) => ({ status, header: () => null, text: '' });

  it('sends each attempt with its signal, its number and what the attempt it retries got', async () => {
    vi.useFakeTimers();
    const seen: [number, number | undefined, boolean][] = [];
    const call = new ProviderResilience(OPTIONS).around(async (_request, attempt) => {
      const retryOf = attempt.retryOf && 'status' in attempt.retryOf ? attempt.retryOf.status : undefined;
      seen.push([attempt.number, retryOf, attempt.signal.aborted]);
      return answer(seen.length < 3 ? 503 : 200);
    });
    const result = call(request);
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ status: 200 });
    expect(seen).toEqual([
      [0, undefined, false],
      [1, 503, false],
      [2, 503, false],
    ]);
  });

  it('a retry the open breaker refuses is never sent: the call ends as circuit-open', async () => {
    const attempts: number[] = [];
    const call = new ProviderResilience({ ...OPTIONS, breakerThreshold: 1 }).around(async (_request, attempt) => {
      attempts.push(attempt.number);
      return answer(503);
    });
    expect(await call(request)).toEqual({ reason: 'circuit-open' });
    expect(attempts).toEqual([0]);
  });
});
