// The one retry table (src/provider-calls/retry-policy.ts): what is retried here and what is reported retryable,
// and that resilience.ts and the failure mapping both read it.
import { describe, expect, it } from 'vitest';
import { isReportedRetryable, isRetriedHere, RETRY_POLICY } from '../../../src/provider-calls/retry-policy';
import { isRetryable } from '../../../src/providers/shared/resilience';
import { failureFromStatus } from '../../../src/providers/shared/status-failure';
import { textResponse } from '../helpers';

const row = (answer: Parameters<typeof isRetriedHere>[0]) => [isRetriedHere(answer), isReportedRetryable(answer)];

describe('the retry table', () => {
  it('statuses: [retried here, reported retryable]', () => {
    const statuses = [200, 400, 404, 408, 409, 425, 429, 500, 501, 502, 503, 504, 505];
    expect(Object.fromEntries(statuses.map((status) => [status, row({ status })]))).toEqual({
      200: [false, false],
      400: [false, false],
      404: [false, false],
      408: [false, true],
      409: [false, false],
      425: [false, false],
      429: [true, true],
      500: [false, false],
      501: [false, false],
      502: [true, true],
      503: [true, true],
      504: [true, true],
      505: [false, false],
    });
  });

  it('calls without an answer: [retried here, reported retryable]', () => {
    const reasons = Object.keys(RETRY_POLICY.reasons) as (keyof typeof RETRY_POLICY.reasons)[];
    expect(Object.fromEntries(reasons.map((reason) => [reason, row({ reason })]))).toEqual({
      timeout: [true, true],
      reset: [true, true],
      refused: [true, true],
      unreachable: [false, true],
      'too-large': [false, false],
      'circuit-open': [false, true],
    });
  });

  it('resilience retries what the table retries here (a Retry-After within the cap)', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(isRetryable(textResponse(status), 2_000), String(status)).toBe(isRetriedHere({ status }));
    }
    for (const reason of ['timeout', 'reset', 'refused', 'unreachable', 'too-large'] as const) {
      expect(isRetryable({ reason }, 2_000), reason).toBe(isRetriedHere({ reason }));
    }
    expect(isRetryable(textResponse(503, '', { 'Retry-After': '3' }), 2_000)).toBe(false);
  });

  it('a WorkspaceProviderError is retryable as the table reports', () => {
    const context = { provider: 'vertra' as const, id: 'vertra:org123' };
    for (const status of [408, 426, 500, 501, 502, 503, 504, 505]) {
      const failure = failureFromStatus(textResponse(status), context, { message: null, code: null });
      expect(failure, String(status)).toMatchObject({ kind: 'provider', retryable: isReportedRetryable({ status }) });
    }
  });
});
