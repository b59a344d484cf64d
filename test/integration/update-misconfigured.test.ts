// updateWorkspace when the subgraph's configuration for a provider is wrong: a token the provider
// refuses, no token, an unreachable or hanging base URL, a provider that is not configured.
// Each needs its own stack (env differs), so each describe starts one.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, envName, providerAt } from '../providers';
import { calls, envFor, useHarness } from './helpers';

const WRONG_TOKEN = 'wrong-token-4b1d0c7e';

describe('a token the provider does not accept', () => {
  const harness = useHarness(envFor(ALL_FIXTURES, { token: WRONG_TOKEN }));

  it.each(ALL_FIXTURES)(
    '$label: WorkspaceAuthenticationError (whatever status its document gives for it)',
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
  const [tokenless, other] = [providerAt(0), providerAt(1)];
  const harness = useHarness({ [envName(tokenless, 'API_TOKEN')]: '' });

  it('WorkspaceAuthenticationError, and nothing is sent without credentials', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: tokenless.writable.id, ...tokenless.rename });
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: tokenless.enumValue });
    expect(emulator.requests).toEqual([]);
  });

  it('the other providers keep working', async () => {
    const { update } = harness();
    const result = await update({ id: other.writable.id, ...other.rename });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
  });
});

describe('an unreachable base URL (connection refused)', () => {
  const harness = useHarness(envFor(ALL_FIXTURES, { baseUrl: 'http://127.0.0.1:1' }));

  it.each(ALL_FIXTURES)('$label: WorkspaceProviderError, no status, retryable', async (fixture) => {
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

  it.each(ALL_FIXTURES)('$label: WorkspaceProviderError, retryable, after the upstream deadline', async (f) => {
    const { emulator, update } = harness();
    emulator.injectFault(f.provider, { kind: 'hang', times: Infinity });
    const started = Date.now();
    const result = await update({ id: f.writable.id, ...f.rename });
    expect(result).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: f.enumValue,
      status: null,
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

describe('a provider that is not configured (no base URL, emulator off)', () => {
  const [unconfigured, configured] = [providerAt(0), providerAt(1)];
  const harness = useHarness({ WORKSPACE_EMULATOR: 'off', [envName(unconfigured, 'BASE_URL')]: '' });

  it('WorkspaceProviderError with code PROVIDER_NOT_CONFIGURED, and no call', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: unconfigured.writable.id, ...unconfigured.rename });
    expect(result).toEqual({
      __typename: 'WorkspaceProviderError',
      message: expect.any(String),
      provider: unconfigured.enumValue,
      status: null,
      code: 'PROVIDER_NOT_CONFIGURED',
      retryable: false,
    });
    expect(emulator.requests).toEqual([]);
  });

  it('the configured providers keep working', async () => {
    const { update } = harness();
    const result = await update({ id: configured.writable.id, ...configured.rename });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
  });
});
