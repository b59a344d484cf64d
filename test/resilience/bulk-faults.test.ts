// updateWorkspaces when providers misbehave, over real HTTP: one batch in which one provider
// hangs, one rate-limits and one answers 500, the other providers succeed, and nothing waits past
// the budget; the breaker's short-circuit; and the same batch with the default timeouts. Which
// provider plays which part does not matter: the first three of the list, the rest healthy.
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateWorkspacesDocument, type UpdateWorkspacesMutation } from '../../operations/generated/graphql';
import { extraWorkspaceIds, SEEDED_WORKSPACES, type Emulator } from '../../src/emulator';
import { ALL_FIXTURES, providerAt, type ProviderFixture } from '../providers';
import { startStack, type TestStack } from '../support/stack';
import { sendTyped } from '../support/typed-request';

type Result = UpdateWorkspacesMutation['updateWorkspaces'][number];

const PER_PROVIDER = 8;
const EXTRA = PER_PROVIDER - 2;

/** The parts: one provider hangs, one rate-limits, one answers 500; the others are healthy. */
const [HANGS, RATE_LIMITS, FAILS] = [providerAt(0), providerAt(1), providerAt(2)];
const HEALTHY = ALL_FIXTURES.slice(3);

/** Eight writable workspaces of each provider (two seeds, six extras), each with a valid change. */
function batch(): { id: string; name?: string; displayName?: string }[] {
  return ALL_FIXTURES.flatMap((fixture) => {
    const { provider } = fixture;
    const seeded = SEEDED_WORKSPACES[provider].filter((w) => !w.readOnly).map((w) => `${provider}:${w.reference}`);
    return [...seeded, ...extraWorkspaceIds(EXTRA)[provider]].map((id, i) => ({ id, ...fixture.change(i) }));
  });
}

/** The batch's results of one provider (the batch is grouped by provider, in the list's order). */
const resultsOf = (results: readonly Result[], fixture: ProviderFixture): Result[] => {
  const start = ALL_FIXTURES.indexOf(fixture) * PER_PROVIDER;
  return results.slice(start, start + PER_PROVIDER);
};

/** Distinct workspaces of the provider that a call reached (retries count once). */
const reached = (emulator: Emulator, fixture: ProviderFixture): number =>
  new Set(emulator.requests.filter((r) => r.provider === fixture.provider).map((r) => r.path)).size;

/** One provider hangs, one answers 429 asking for a minute, one 500: for every call. */
function injectFaults(emulator: Emulator): void {
  emulator.setExtraWorkspaces(EXTRA);
  emulator.injectFault(HANGS.provider, { kind: 'hang', times: Infinity });
  emulator.injectFault(RATE_LIMITS.provider, {
    status: 429,
    body: RATE_LIMITS.rateLimit.body,
    headers: { 'retry-after': '60' },
    times: Infinity,
  });
  emulator.injectFault(FAILS.provider, { status: 500, body: FAILS.serverError().body, times: Infinity });
}

async function runBatch(stack: TestStack): Promise<{ results: Result[]; elapsed: number }> {
  const started = performance.now();
  const { status, data, errors } = await sendTyped(stack.url, UpdateWorkspacesDocument, { inputs: batch() });
  const elapsed = performance.now() - started;
  expect(status).toBe(200);
  expect(errors).toBeUndefined();
  const results = data?.updateWorkspaces ?? [];
  expect(results).toHaveLength(ALL_FIXTURES.length * PER_PROVIDER);
  return { results, elapsed };
}

function expectHealthyProvidersSucceeded(results: readonly Result[], healthy = HEALTHY): void {
  expect(healthy.length).toBeGreaterThan(0);
  for (const fixture of healthy) {
    expect(
      resultsOf(results, fixture).map((r) => r.__typename),
      fixture.label,
    ).toEqual(Array(PER_PROVIDER).fill('UpdateWorkspaceSuccess'));
  }
}

function expectRateLimitShortCircuit(results: readonly Result[], emulator: Emulator): void {
  for (const result of resultsOf(results, RATE_LIMITS)) {
    expect(result).toMatchObject({
      __typename: 'WorkspaceRateLimitedError',
      provider: RATE_LIMITS.enumValue,
      retryAfterSeconds: 60,
    });
  }
  // The four in flight together got the 429; the four waiting were never sent.
  expect(emulator.requests.filter((r) => r.provider === RATE_LIMITS.provider)).toHaveLength(4);
}

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('updateWorkspaces under faults', () => {
  it('one provider hangs, one rate-limits, one answers 500: the rest succeed, every item typed, nothing waits past the budget', async () => {
    // A call may take 1.2 s (a hanging attempt uses all of it); the operation 2 s: an item that
    // waited for a slot is sent only in the first 0.8 s.
    stack = await startStack({
      UPSTREAM_TIMEOUT_MS: '1200',
      UPSTREAM_BUDGET_MS: '1200',
      UPSTREAM_RETRY_AFTER_CAP_MS: '150',
      BULK_DEADLINE_MS: '2000',
      BREAKER_THRESHOLD: '1000',
    });
    injectFaults(stack.emulator);
    const { results, elapsed } = await runBatch(stack);

    expectHealthyProvidersSucceeded(results);
    expectRateLimitShortCircuit(results, stack.emulator);
    // The 500s say nothing about the next item: every one is sent and answered.
    for (const result of resultsOf(results, FAILS)) {
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', status: 500, retryable: false });
    }
    expect(reached(stack.emulator, FAILS)).toBe(PER_PROVIDER);
    // The hanging provider: the four sent at once time out at the end of their budget; the four
    // waiting for them could not have finished within the operation's 2 s, so they are not sent.
    const hung = resultsOf(results, HANGS);
    expect(hung.slice(0, 4)).toEqual(
      Array(4).fill(
        expect.objectContaining({ __typename: 'WorkspaceProviderError', code: 'TIMEOUT', retryable: true }),
      ),
    );
    expect(hung.slice(4)).toEqual(
      Array(4).fill(
        expect.objectContaining({ __typename: 'WorkspaceProviderError', code: 'DEADLINE_EXCEEDED', retryable: true }),
      ),
    );
    expect(reached(stack.emulator, HANGS)).toBe(4);
    // Within the call budget plus scheduling slack, and well within the operation's deadline.
    expect(elapsed).toBeLessThan(1200 + 600);
  });

  it("an open breaker answers its provider's remaining items at once, unsent", async () => {
    // The first 500 opens the breaker, before its slot goes to the next item.
    stack = await startStack({ BREAKER_THRESHOLD: '1', UPSTREAM_RETRY_AFTER_CAP_MS: '10' });
    stack.emulator.setExtraWorkspaces(EXTRA);
    stack.emulator.setLatency(50, FAILS.provider);
    stack.emulator.injectFault(FAILS.provider, { status: 500, body: FAILS.serverError().body, times: Infinity });
    const { results } = await runBatch(stack);
    const failed = resultsOf(results, FAILS);
    // Four in flight got their 500s (the first opened the breaker); the fifth failed fast
    // (CIRCUIT_OPEN) without a call, and the three after it were answered so at once.
    expect(failed.slice(0, 4).map((r) => r.__typename === 'WorkspaceProviderError' && r.status)).toEqual([
      500, 500, 500, 500,
    ]);
    for (const result of failed.slice(4)) {
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', code: 'CIRCUIT_OPEN', retryable: true });
    }
    expect(stack.emulator.requests.filter((r) => r.provider === FAILS.provider)).toHaveLength(4);
    expectHealthyProvidersSucceeded(
      results,
      ALL_FIXTURES.filter((f) => f !== FAILS),
    );
  });

  it(
    'with the default timeouts and deadline, the same batch ends well within the 30 s of a router',
    { timeout: 40_000 },
    async () => {
      stack = await startStack({});
      injectFaults(stack.emulator);
      const { results, elapsed } = await runBatch(stack);
      expectHealthyProvidersSucceeded(results);
      expectRateLimitShortCircuit(results, stack.emulator);
      // The hanging provider's items: typed, retryable, and no more than the first four were ever sent.
      for (const result of resultsOf(results, HANGS)) {
        expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', retryable: true });
        expect(['TIMEOUT', 'CIRCUIT_OPEN', 'DEADLINE_EXCEEDED']).toContain(
          result.__typename === 'WorkspaceProviderError' ? result.code : null,
        );
      }
      expect(reached(stack.emulator, HANGS)).toBe(4);
      // UPSTREAM_BUDGET_MS (15 s) bounds every call; BULK_DEADLINE_MS (25 s) the operation.
      expect(elapsed).toBeLessThan(15_000 + 1_000);
    },
  );
});
