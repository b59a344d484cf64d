import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/emulator';
import { UpdateWorkspaceDocument } from '../../operations/generated/graphql';
import { ALL_FIXTURES, type ProviderFixture } from '../providers';
import { startStack, type TestStack } from '../support/stack';
import { sendTyped } from '../support/typed-request';

/**
 * Every emulator fault against every provider's update: the union member, `retryable`, how
 * many attempts reached the provider, and the time bound. Short timeouts keep it fast; the
 * breaker is kept out of the way here (it has its own test).
 */
const ENV = {
  UPSTREAM_TIMEOUT_MS: '300',
  UPSTREAM_BUDGET_MS: '1200',
  UPSTREAM_RETRY_AFTER_CAP_MS: '150',
  UPSTREAM_MAX_RESPONSE_BYTES: String(256 * 1024),
  BREAKER_THRESHOLD: '1000',
};
const BUDGET_MS = 1200;

/** One valid update per provider, of its writable seed; a PATCH is never retried. */
const updateOf = (fixture: ProviderFixture) => ({ id: fixture.writable.id, ...fixture.rename });

interface Expectation {
  typename: string;
  retryable?: boolean;
  code?: string | null;
  status?: number | null;
  retryAfterSeconds?: number;
  /** Attempts for a retried verb (PUT) and for PATCH. */
  attempts: [put: number | 'some', patch: number];
}

const FAULTS: { name: string; fault: Fault; expected: Expectation }[] = [
  {
    name: 'latency below the deadline',
    fault: { delayMs: 100 },
    expected: { typename: 'UpdateWorkspaceSuccess', attempts: [1, 1] },
  },
  {
    name: '500',
    fault: { status: 500, body: { message: 'boom' } },
    expected: { typename: 'WorkspaceProviderError', retryable: false, status: 500, attempts: [1, 1] },
  },
  {
    name: '503',
    fault: { status: 503, body: 'unavailable' },
    expected: { typename: 'WorkspaceProviderError', retryable: true, status: 503, attempts: [3, 1] },
  },
  {
    name: '429 with a short Retry-After (retried)',
    fault: { status: 429, headers: { 'retry-after': '0' } },
    expected: { typename: 'WorkspaceRateLimitedError', retryAfterSeconds: 0, attempts: [3, 1] },
  },
  {
    name: '429 asking to wait longer than the cap (answered at once)',
    fault: { status: 429, headers: { 'retry-after': '60' } },
    expected: { typename: 'WorkspaceRateLimitedError', retryAfterSeconds: 60, attempts: [1, 1] },
  },
  {
    name: 'connection reset',
    fault: { kind: 'reset' },
    expected: { typename: 'WorkspaceProviderError', retryable: true, code: 'RESET', status: null, attempts: [3, 1] },
  },
  {
    name: 'hanging response',
    fault: { kind: 'hang' },
    expected: {
      typename: 'WorkspaceProviderError',
      retryable: true,
      code: 'TIMEOUT',
      status: null,
      attempts: ['some', 1],
    },
  },
  {
    name: 'malformed JSON',
    fault: { kind: 'malformed-json' },
    expected: { typename: 'WorkspaceProviderError', retryable: false, status: 200, attempts: [1, 1] },
  },
  {
    name: 'valid JSON of the wrong shape',
    fault: { kind: 'wrong-shape' },
    expected: { typename: 'WorkspaceProviderError', retryable: false, status: 200, attempts: [1, 1] },
  },
  {
    name: 'huge body',
    fault: { kind: 'huge-body' },
    expected: {
      typename: 'WorkspaceProviderError',
      retryable: false,
      code: 'TOO_LARGE',
      status: null,
      attempts: [1, 1],
    },
  },
];

let stack: TestStack;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  stack = await startStack(ENV);
});
afterAll(async () => {
  await stack?.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});
beforeEach(() => stack.reset());

const cases = FAULTS.flatMap(({ name, fault, expected }) =>
  ALL_FIXTURES.map((fixture) => ({ name, fault, expected, fixture, label: fixture.label })),
);

describe('upstream faults', () => {
  it.each(cases)('$label: $name', async ({ fixture, fault, expected }) => {
    const { provider, updateMethod: method } = fixture;
    const input = updateOf(fixture);
    stack.emulator.injectFault(provider, { ...fault, method, times: Infinity });

    const started = performance.now();
    const { status, data, errors } = await sendTyped(stack.url, UpdateWorkspaceDocument, { input });
    const elapsed = performance.now() - started;

    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    const result = data?.updateWorkspace;
    expect(result?.__typename).toBe(expected.typename);
    if (result?.__typename === 'WorkspaceProviderError') {
      expect(result.retryable).toBe(expected.retryable);
      expect(result.provider).toBe(fixture.enumValue);
      if (expected.status !== undefined) expect(result.status).toBe(expected.status);
      if (expected.code !== undefined) expect(result.code).toBe(expected.code);
    }
    if (result?.__typename === 'WorkspaceRateLimitedError') {
      expect(result.retryAfterSeconds).toBe(expected.retryAfterSeconds);
    }

    const attempts = stack.emulator.requests.filter((r) => r.provider === provider && r.method === method).length;
    const want = method === 'PATCH' ? expected.attempts[1] : expected.attempts[0];
    if (want === 'some') expect(attempts).toBeGreaterThanOrEqual(2);
    else expect(attempts).toBe(want);
    // Retries included, one mutation stays within its budget (plus scheduling slack).
    expect(elapsed).toBeLessThan(BUDGET_MS + 800);
  });

  it('keeps serving after every fault: a clean update still succeeds on each provider', async () => {
    for (const fixture of ALL_FIXTURES) {
      const { data } = await sendTyped(stack.url, UpdateWorkspaceDocument, { input: updateOf(fixture) });
      expect(data?.updateWorkspace.__typename, fixture.label).toBe('UpdateWorkspaceSuccess');
    }
  });
});
