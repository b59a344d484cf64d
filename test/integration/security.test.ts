// A provider token never appears in a GraphQL response: not in results, not in error messages,
// not in GraphQL errors, whatever the provider answered (helpers.ts also checks every response
// of every integration test; this file drives every kind of answer on purpose).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator';
import { loadConfig } from '../../src/server/config/config';
import { createLogger } from '../../src/server/logging/logger';
import { startSubgraph, type RunningSubgraph } from '../../src/server/start';
import { PATCH_FIELDS } from '../../src/domain/patch';
import { ALL_FIXTURES, envName, providerAt } from '../providers';
import {
  envFor,
  postGraphQL,
  TEST_UPSTREAM_ENV,
  UPDATE_MUTATION,
  useHarness,
  WORKSPACE_QUERY,
  type Harness,
  type UpdateResult,
} from './helpers';

/** Null for every input field but the id: refused, field by field. */
const unsupportedNulls = Object.fromEntries(PATCH_FIELDS.map((field) => [field, null]));

/** Runs an update and a read of each kind of outcome, for every provider. */
async function everyKindOfAnswer(harness: Harness): Promise<void> {
  const { emulator, update, read } = harness;
  for (const f of ALL_FIXTURES) {
    const change = { id: f.writable.id, ...f.rename };
    const serverError = f.serverError().body;
    await update(change);
    await update({ id: f.unknown.id, ...f.rename });
    await update({ id: f.readOnly.id, ...f.rename });
    await update({ id: f.writable.id, ...unsupportedNulls });
    await read(f.writable.id);
    await read(f.unknown.id);
    await read(`${f.provider}:..`);
    const faults: Fault[] = [
      { status: 429, body: f.rateLimit.body, headers: { 'retry-after': '3' } },
      { status: 500, body: serverError },
      { status: 502 },
      { status: 400, body: serverError },
      { status: 409, body: serverError },
      { kind: 'malformed-json' },
      { kind: 'reset' },
    ];
    for (const fault of faults) {
      emulator.injectFault(f.provider, fault);
      await update(change);
      emulator.injectFault(f.provider, fault);
      await read(f.writable.id);
    }
  }
}

function expectTokenAbsent(harness: Harness): void {
  expect(harness.responses.length).toBeGreaterThan(50);
  for (const secret of harness.secrets) {
    const leaks = harness.responses.filter((text) => text.includes(secret));
    expect(leaks, `responses containing "${secret}"`).toEqual([]);
  }
}

describe('the token never appears in a response', () => {
  describe('with working credentials', () => {
    const harness = useHarness();
    it('across every kind of answer of every provider', async () => {
      await everyKindOfAnswer(harness());
      expectTokenAbsent(harness());
    });
  });

  describe('with a refused token', () => {
    const harness = useHarness(envFor(ALL_FIXTURES, { token: 'refused-token-8c2e61' }));
    it('across every kind of answer of every provider', async () => {
      await everyKindOfAnswer(harness());
      expectTokenAbsent(harness());
    });
  });

  describe('with an unreachable provider', () => {
    const harness = useHarness(envFor(ALL_FIXTURES, { baseUrl: 'http://127.0.0.1:1' }));

    it.each(ALL_FIXTURES)('$label: the WorkspaceProviderError message does not contain the token', async (f) => {
      const { secrets, update, read } = harness();
      const result = await update({ id: f.writable.id, ...f.rename });
      expect(result.__typename).toBe('WorkspaceProviderError');
      expect(result.message).toEqual(expect.stringMatching(/\S/));
      for (const secret of secrets) expect(result.message).not.toContain(secret);
      expect(result.message).not.toMatch(/bearer/i);

      const response = await read(f.writable.id);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
      expect(JSON.stringify(response.body)).not.toContain(secrets[0] as string);
    });
  });

  describe('in the log lines', () => {
    const lines: string[] = [];
    let emulator: Emulator;
    let running: RunningSubgraph;
    beforeAll(async () => {
      emulator = await startEmulator();
      const env = {
        ...TEST_UPSTREAM_ENV,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'trace',
        METRICS_PORT: 'off',
        ...Object.fromEntries(
          ALL_FIXTURES.flatMap((f) => [
            [envName(f, 'BASE_URL'), emulator.baseUrls[f.provider]],
            [envName(f, 'API_TOKEN'), emulator.token],
          ]),
        ),
      };
      running = await startSubgraph(loadConfig(env), createLogger('trace', { write: (line) => lines.push(line) }));
    });
    afterAll(async () => {
      await running?.close();
      await emulator?.close();
    });

    it('even at trace level, across successes, failures and reads', async () => {
      for (const f of ALL_FIXTURES) {
        const input = { id: f.writable.id, ...f.rename };
        await postGraphQL(running.server.url, UPDATE_MUTATION, { input });
        emulator.injectFault(f.provider, { status: 500, body: f.serverError().body });
        await postGraphQL(running.server.url, UPDATE_MUTATION, { input });
        emulator.injectFault(f.provider, { status: 500, body: f.serverError().body });
        await postGraphQL(running.server.url, WORKSPACE_QUERY, { id: f.writable.id });
        await postGraphQL(running.server.url, WORKSPACE_QUERY, { id: f.unknown.id });
      }
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => line.includes(emulator.token))).toEqual([]);
    });
  });

  describe('when the provider redirects', () => {
    const harness = useHarness();

    it('the redirect is not followed, so the token goes nowhere else', async () => {
      const { emulator, update } = harness();
      const [redirecting, elsewhere] = [providerAt(0), providerAt(1)];
      // Somewhere the emulator records: if followed, the token would arrive there.
      const location = `${emulator.baseUrls[elsewhere.provider]}${elsewhere.writable.path}`;
      emulator.injectFault(redirecting.provider, { status: 307, headers: { location }, body: '', times: Infinity });
      const result = await update({ id: redirecting.writable.id, ...redirecting.rename });
      expect(result).toMatchObject({
        __typename: 'WorkspaceProviderError',
        provider: redirecting.enumValue,
        status: 307,
      });
      expect(new Set(emulator.requests.map((r) => r.provider))).toEqual(new Set([redirecting.provider]));
    });
  });

  // A provider that echoes the credential in its error body (some do, e.g. "invalid token
  // xyz") must not make the subgraph repeat it: the error message is ours to sanitise.
  describe('when the provider echoes the token in its error body', () => {
    const harness = useHarness();

    it.each(ALL_FIXTURES)('$label: no error result repeats it', async (f) => {
      const { emulator, secrets, stack } = harness();
      const token = secrets[0] as string;
      const leaked: string[] = [];
      const answers = f.tokenEchoes(`the bearer token ${token} is not valid here`);
      expect(answers.length).toBeGreaterThan(0);
      for (const { status, body } of answers) {
        const title = `${f.provider} ${status}`;
        emulator.injectFault(f.provider, { status, body });
        // stack.graphql, not the harness's: its own check would stop at the first leak.
        const response = await stack.graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
          input: { id: f.writable.id, ...f.rename },
        });
        expect(response.body.data?.updateWorkspace.__typename).not.toBe('UpdateWorkspaceSuccess');
        if (JSON.stringify(response.body).includes(token)) leaked.push(title);
      }
      expect(leaked, 'statuses whose error result repeated the token').toEqual([]);
    });

    it.each(ALL_FIXTURES)('$label: a read failure does not repeat it either', async (f) => {
      const { emulator, secrets, stack } = harness();
      const token = secrets[0] as string;
      emulator.injectFault(f.provider, { status: 500, body: f.serverError(`token ${token} rejected`).body });
      const response = await stack.graphql(`query { workspace(id: "${f.writable.id}") { id } }`);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
      expect(JSON.stringify(response.body)).not.toContain(token);
    });
  });
});
