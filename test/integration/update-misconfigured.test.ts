// updateWorkspace when the subgraph's configuration for a provider is wrong: a token the provider
// refuses, no token, an unreachable or hanging base URL, a provider that is not configured.
// Each needs its own stack (env differs), so each describe starts one.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, calls, envFor, FIXTURES, PROVIDERS, useHarness } from './helpers';

const WRONG_TOKEN = 'wrong-token-4b1d0c7e';

describe('a token the provider does not accept', () => {
  const harness = useHarness(envFor(PROVIDERS, { token: WRONG_TOKEN }));

  it.each(ALL_FIXTURES)(
    '$enumValue: WorkspaceAuthenticationError (Flashback answers its documented 400)',
    async (fixture) => {
      const { emulator, update } = harness();
      const result = await update({ id: fixture.writable.id, ...fixture.rename });
      expect(result).toEqual({
        __typename: 'WorkspaceAuthenticationError',
        message: expect.any(String),
        provider: fixture.enumValue,
      });
      expect(calls(emulator)).toEqual([`${fixture.updateMethod} ${fixture.writable.path}`]);
      expect(emulator.requests[0]?.headers['authorization']).toBe(`Bearer ${WRONG_TOKEN}`);
      expect(result.message).not.toContain(WRONG_TOKEN);
    },
  );
});

describe('no token configured for a provider', () => {
  const harness = useHarness({ VERTRA_API_TOKEN: '' });

  it('WorkspaceAuthenticationError, and nothing is sent without credentials', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: FIXTURES.vertra.writable.id, name: 'x' });
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'VERTRA' });
    expect(emulator.requests).toEqual([]);
  });

  it('the other providers keep working', async () => {
    const { update } = harness();
    const result = await update({ id: FIXTURES.altostrat.writable.id, name: 'Still works' });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
  });
});

describe('an unreachable base URL (connection refused)', () => {
  const harness = useHarness(envFor(PROVIDERS, { baseUrl: 'http://127.0.0.1:1' }));

  it.each(ALL_FIXTURES)('$enumValue: WorkspaceProviderError, no status, retryable', async (fixture) => {
    const { emulator, secrets, update } = harness();
    const result = await update({ id: fixture.writable.id, ...fixture.rename });
    expect(result).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: fixture.enumValue,
      status: null,
      retryable: true,
    });
    // The message says what happened without giving away the credentials.
    expect(result.message).toEqual(expect.any(String));
    for (const secret of secrets) expect(result.message).not.toContain(secret);
    expect(result.message).not.toMatch(/bearer/i);
    expect(emulator.requests).toEqual([]);
  });
});

describe('a provider that does not answer in time', () => {
  const harness = useHarness({ UPSTREAM_TIMEOUT_MS: '300' });

  it('WorkspaceProviderError, retryable, after the upstream deadline', async () => {
    const { emulator, update } = harness();
    emulator.injectFault('blaxel', { kind: 'hang', times: Infinity });
    const started = Date.now();
    const result = await update({ id: FIXTURES.blaxel.writable.id, displayName: 'x' });
    expect(result).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: 'BLAXEL',
      status: null,
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

describe('a provider that is not configured (no base URL, emulator off)', () => {
  const harness = useHarness({ WORKSPACE_EMULATOR: 'off', ALTOSTRAT_BASE_URL: '' });

  it('WorkspaceProviderError with code PROVIDER_NOT_CONFIGURED, and no call', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: FIXTURES.altostrat.writable.id, name: 'x' });
    expect(result).toEqual({
      __typename: 'WorkspaceProviderError',
      message: expect.any(String),
      provider: 'ALTOSTRAT',
      status: null,
      code: 'PROVIDER_NOT_CONFIGURED',
      retryable: false,
    });
    expect(emulator.requests).toEqual([]);
  });

  it('the configured providers keep working', async () => {
    const { update } = harness();
    const result = await update({ id: FIXTURES.vertra.writable.id, name: 'still-configured' });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
  });
});
