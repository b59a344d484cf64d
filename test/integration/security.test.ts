// A provider token never appears in a GraphQL response: not in results, not in error messages,
// not in GraphQL errors, whatever the provider answered (helpers.ts also checks every response
// of every integration test; this file drives every kind of answer on purpose).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type Fault } from '../../src/emulator';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { startSubgraph, type RunningSubgraph } from '../../src/server/start';
import {
  ALL_FIXTURES,
  envFor,
  FIXTURES,
  postGraphQL,
  PROVIDERS,
  TEST_UPSTREAM_ENV,
  UPDATE_MUTATION,
  useHarness,
  WORKSPACE_QUERY,
  type Harness,
  type Provider,
  type UpdateResult,
} from './helpers';

/** Runs an update and a read of each kind of outcome, for every provider. */
async function everyKindOfAnswer(harness: Harness): Promise<void> {
  const { emulator, update, read } = harness;
  for (const f of ALL_FIXTURES) {
    const change = { id: f.writable.id, ...f.rename };
    await update(change);
    await update({ id: f.unknownId, ...f.rename });
    await update({ id: f.readOnly.id, ...f.rename });
    await update({ id: f.writable.id, tags: null, displayName: null, key: null });
    await read(f.writable.id);
    await read(f.unknownId);
    await read(`${f.provider}:..`);
    const faults: Fault[] = [
      { status: 429, body: f.rateLimitBody, headers: { 'retry-after': '3' } },
      { status: 500, body: f.serverError.body },
      { status: 502 },
      { status: 400, body: f.serverError.body },
      { status: 409, body: f.serverError.body },
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
    const harness = useHarness(envFor(PROVIDERS, { token: 'refused-token-8c2e61' }));
    it('across every kind of answer of every provider', async () => {
      await everyKindOfAnswer(harness());
      expectTokenAbsent(harness());
    });
  });

  describe('with an unreachable provider', () => {
    const harness = useHarness(envFor(PROVIDERS, { baseUrl: 'http://127.0.0.1:1' }));

    it.each(ALL_FIXTURES)('$enumValue: the WorkspaceProviderError message does not contain the token', async (f) => {
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
          PROVIDERS.flatMap((p) => [
            [`${p.toUpperCase()}_BASE_URL`, emulator.baseUrls[p]],
            [`${p.toUpperCase()}_API_TOKEN`, emulator.token],
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
        emulator.injectFault(f.provider, { status: 500, body: f.serverError.body });
        await postGraphQL(running.server.url, UPDATE_MUTATION, { input });
        emulator.injectFault(f.provider, { status: 500, body: f.serverError.body });
        await postGraphQL(running.server.url, WORKSPACE_QUERY, { id: f.writable.id });
        await postGraphQL(running.server.url, WORKSPACE_QUERY, { id: f.unknownId });
      }
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => line.includes(emulator.token))).toEqual([]);
    });
  });

  describe('when the provider redirects', () => {
    const harness = useHarness();

    it('the redirect is not followed, so the token goes nowhere else', async () => {
      const { emulator, update } = harness();
      // Somewhere the emulator records: if followed, the token would arrive there.
      const elsewhere = `${emulator.baseUrls.vertra}/workspaces/org123`;
      emulator.injectFault('blaxel', { status: 307, headers: { location: elsewhere }, body: '', times: Infinity });
      const result = await update({ id: FIXTURES.blaxel.writable.id, displayName: 'x' });
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', provider: 'BLAXEL', status: 307 });
      expect(new Set(emulator.requests.map((r) => r.provider))).toEqual(new Set(['blaxel']));
    });
  });

  // A provider that echoes the credential in its error body (some do, e.g. "invalid token
  // xyz") must not make the subgraph repeat it: the error message is ours to sanitise.
  describe('when the provider echoes the token in its error body', () => {
    const harness = useHarness();

    const echoes = (provider: Provider, token: string): { title: string; fault: Fault }[] => {
      const said = `the bearer token ${token} is not valid here`;
      const bodies: Record<Provider, { status: number; body: unknown }[]> = {
        blaxel: [
          { status: 401, body: { error: 'unauthorized', message: said } },
          { status: 500, body: { error: 'internal_error', message: said } },
          { status: 400, body: { error: 'bad_request', message: said } },
        ],
        dreadnode: [
          { status: 401, body: { code: 401, detail: said, type: 'authentication_error' } },
          { status: 500, body: { code: 500, detail: said, type: 'internal_error' } },
          {
            status: 422,
            body: { code: 422, detail: said, type: 'validation_error', errors: [{ loc: ['body', 'name'], msg: said }] },
          },
        ],
        flashback: [
          { status: 400, body: { success: false, message: said } },
          { status: 500, body: { success: false, message: said } },
          { status: 403, body: { success: false, message: said } },
        ],
        vertra: [
          { status: 401, body: { code: 'UNAUTHORIZED', message: said } },
          { status: 500, body: { code: 'INTERNAL_ERROR', message: said } },
          { status: 400, body: { code: 'NAME_TOO_LONG', message: said } },
        ],
        altostrat: [
          { status: 500, body: { type: 'api_error', code: 'internal_server_error', message: said } },
          { status: 400, body: { type: 'invalid_request_error', code: 'parameter_invalid', message: said } },
        ],
        terraform: [
          { status: 401, body: { errors: [{ status: '401', title: 'unauthorized', detail: said }] } },
          { status: 500, body: { errors: [{ status: 500, title: said }] } },
          {
            status: 422,
            body: {
              errors: [
                {
                  status: '422',
                  title: 'invalid attribute',
                  detail: said,
                  source: { pointer: '/data/attributes/name' },
                },
              ],
            },
          },
          { status: 429, body: { errors: [{ status: 429, title: 'Too many requests', detail: said }] } },
        ],
      };
      return bodies[provider].map(({ status, body }) => ({ title: `${provider} ${status}`, fault: { status, body } }));
    };

    it.each(ALL_FIXTURES)('$enumValue: no error result repeats it', async (f) => {
      const { emulator, secrets, stack } = harness();
      const token = secrets[0] as string;
      const leaked: string[] = [];
      for (const { title, fault } of echoes(f.provider, token)) {
        emulator.injectFault(f.provider, fault);
        // stack.graphql, not the harness's: its own check would stop at the first leak.
        const response = await stack.graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, {
          input: { id: f.writable.id, ...f.rename },
        });
        expect(response.body.data?.updateWorkspace.__typename).not.toBe('UpdateWorkspaceSuccess');
        if (JSON.stringify(response.body).includes(token)) leaked.push(title);
      }
      expect(leaked, 'statuses whose error result repeated the token').toEqual([]);
    });

    it('a read failure does not repeat it either', async () => {
      const { emulator, secrets, stack } = harness();
      const token = secrets[0] as string;
      emulator.injectFault('altostrat', {
        status: 500,
        body: { type: 'api_error', code: 'internal_server_error', message: `token ${token} rejected` },
      });
      const response = await stack.graphql(`query { workspace(id: "${FIXTURES.altostrat.writable.id}") { id } }`);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
      expect(JSON.stringify(response.body)).not.toContain(token);
    });
  });
});
