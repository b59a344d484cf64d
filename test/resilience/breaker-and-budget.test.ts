import { afterEach, describe, expect, it } from 'vitest';
import { UpdateWorkspaceDocument } from '../../operations/generated/graphql';
import { providerAt, providerWith } from '../providers';
import { startStack, type TestStack } from '../support/stack';
import { sendTyped } from '../support/typed-request';

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const [BROKEN, OTHER] = [providerAt(0), providerAt(1)];
const brokenUpdate = { input: { id: BROKEN.writable.id, ...BROKEN.rename } };

describe('circuit breaker (per provider)', () => {
  it('opens after consecutive failures, fails fast without calling, and closes after a good call', async () => {
    stack = await startStack({ BREAKER_THRESHOLD: '3', BREAKER_HALF_OPEN_AFTER_MS: '400', UPSTREAM_MAX_ATTEMPTS: '1' });
    const { emulator, url } = stack;
    emulator.injectFault(BROKEN.provider, { status: 502, times: 3 });
    for (let i = 0; i < 3; i++) {
      const { data } = await sendTyped(url, UpdateWorkspaceDocument, brokenUpdate);
      expect(data?.updateWorkspace).toMatchObject({ __typename: 'WorkspaceProviderError', status: 502 });
    }
    emulator.clearRequests();

    const fastFail = await sendTyped(url, UpdateWorkspaceDocument, brokenUpdate);
    expect(fastFail.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: BROKEN.enumValue,
      code: 'CIRCUIT_OPEN',
      retryable: true,
      message: expect.stringContaining('circuit breaker open'),
    });
    expect(emulator.requests).toEqual([]);

    // Other providers are not affected.
    const other = await sendTyped(url, UpdateWorkspaceDocument, {
      input: { id: OTHER.writable.id, ...OTHER.rename },
    });
    expect(other.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');

    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await sendTyped(url, UpdateWorkspaceDocument, brokenUpdate);
    expect(recovered.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
  });
});

describe('default time budget', () => {
  it('answers a mutation against a hanging provider in under 20 s, retries included', { timeout: 30_000 }, async () => {
    // A retried verb: the budget covers the retries.
    const hanging = providerWith('whose update is retried (PUT)', (f) => f.updateMethod === 'PUT');
    stack = await startStack();
    stack.emulator.injectFault(hanging.provider, { kind: 'hang', times: Infinity });
    const started = performance.now();
    const { data } = await sendTyped(stack.url, UpdateWorkspaceDocument, {
      input: { id: hanging.writable.id, ...hanging.rename },
    });
    const elapsed = performance.now() - started;
    expect(data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceProviderError',
      code: 'TIMEOUT',
      retryable: true,
    });
    expect(elapsed).toBeLessThan(20_000);
    // It did try again within the budget (default: 3 attempts of at most 6 s in 15 s).
    expect(stack.emulator.requests.filter((r) => r.method === 'PUT').length).toBeGreaterThanOrEqual(2);
  });
});
