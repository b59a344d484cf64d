// updateWorkspaces over real HTTP on the emulator: one typed result per item in input order,
// per-item validation with paths from the argument, duplicates, the 100-input limit, the
// per-provider cap measured at the emulator, the 429 short-circuit; then callers, credentials,
// scope and the audit log with AUTH_MODE=jwt.
import { resolve } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpdateWorkspacesDocument } from '../../operations/generated/graphql';
import {
  EMULATOR_TENANTS,
  extraWorkspaceIds,
  peakInFlight,
  SEEDED_WORKSPACES,
  type Emulator,
  type RecordedRequest,
} from '../../src/emulator';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';
import {
  FIXTURES,
  PROVIDERS,
  calls,
  postGraphQL,
  useHarness,
  type GraphQLErrorData,
  type Harness,
  type Provider,
  type UpdateInput,
  type UpdateResult,
} from './helpers';

const UPDATE_MANY = print(UpdateWorkspacesDocument);

type BulkResponse = { data?: { updateWorkspaces: UpdateResult[] } | null; errors?: GraphQLErrorData[] };

/** updateWorkspaces(inputs); fails the test on GraphQL errors (results must be typed). */
async function updateMany(harness: Harness, inputs: UpdateInput[]): Promise<UpdateResult[]> {
  const response = await harness.graphql<{ updateWorkspaces: UpdateResult[] }>(UPDATE_MANY, { inputs });
  expect(response.body.errors, 'updateWorkspaces must answer with typed results').toBeUndefined();
  expect(response.status).toBe(200);
  const results = response.body.data?.updateWorkspaces;
  if (!results) throw new Error(`no updateWorkspaces results: ${JSON.stringify(response.body)}`);
  expect(results).toHaveLength(inputs.length);
  return results;
}

/** The writable workspaces of a provider: its writable seeds, then the emulator's extra ones. */
function writableIds(provider: Provider, extra: number): string[] {
  const seeded = SEEDED_WORKSPACES[provider].filter((w) => !w.readOnly).map((w) => `${provider}:${w.reference}`);
  return [...seeded, ...extraWorkspaceIds(extra)[provider]];
}

/** A valid change for any writable workspace of `provider`, distinct per `n` (names are unique per provider). */
function changeFor(provider: Provider, id: string, n: number): UpdateInput {
  return provider === 'blaxel' ? { id, displayName: `Bulk ${n}` } : { id, name: `bulk-${provider}-${n}` };
}

/** `perProvider` distinct writable workspaces of each provider, interleaved (blaxel, dreadnode, …, blaxel, …). */
function batchOverEveryProvider(perProvider: number, extra: number): UpdateInput[] {
  const ids = Object.fromEntries(PROVIDERS.map((p) => [p, writableIds(p, extra)])) as Record<Provider, string[]>;
  return Array.from({ length: perProvider }, (_, i) =>
    PROVIDERS.map((p) => changeFor(p, ids[p][i] as string, i)),
  ).flat();
}

/** The most provider calls in flight at once, all providers together. */
const overallPeak = (requests: readonly RecordedRequest[]): number =>
  peakInFlight(requests.map((r) => ({ ...r, provider: 'blaxel' as const }))).blaxel;

describe('updateWorkspaces', () => {
  const harness = useHarness();

  it('answers one typed result per item, in input order, across providers', async () => {
    const inputs: UpdateInput[] = [
      ...PROVIDERS.map((p) => ({ id: FIXTURES[p].writable.id, ...FIXTURES[p].rename })),
      { id: FIXTURES.vertra.readOnly.id, name: 'not allowed' },
      { id: FIXTURES.altostrat.unknownId, name: 'nobody' },
    ];
    const results = await updateMany(harness(), inputs);
    expect(results.map((r) => r.__typename)).toEqual([
      ...PROVIDERS.map(() => 'UpdateWorkspaceSuccess'),
      'WorkspacePermissionDeniedError',
      'WorkspaceNotFoundError',
    ]);
    PROVIDERS.forEach((p, i) => {
      expect(results[i]?.workspace?.provider).toBe(FIXTURES[p].enumValue);
    });
    expect(results[5]?.workspace?.id).toBe(FIXTURES.terraform.writable.id);
    expect(results[7]).toMatchObject({ id: FIXTURES.altostrat.unknownId });
    // Each item was sent once, to its own provider.
    expect(calls(harness().emulator).sort()).toEqual(
      [
        ...PROVIDERS.map((p) => `${FIXTURES[p].updateMethod} ${FIXTURES[p].writable.path}`),
        `PUT ${FIXTURES.vertra.readOnly.path}`,
        'PATCH /workspaces/ws_doesnotexist0000',
      ].sort(),
    );
  });

  it('validates each item as updateWorkspace does, paths from the argument (["inputs","3","tags","0"]); refused items are not sent', async () => {
    const { emulator } = harness();
    const results = await updateMany(harness(), [
      { id: 'vertra:org123', name: 'fine' },
      { id: 'vertra:../admin', name: 'x' },
      { id: FIXTURES.flashback.writable.id, tags: ['blue'] },
      { id: 'vertra:org456', tags: ['ok', 'x'.repeat(21)] },
      { id: 'blaxel:my-workspace' },
    ]);
    expect(results.map((r) => r.__typename)).toEqual([
      'UpdateWorkspaceSuccess',
      'WorkspaceValidationError',
      'WorkspaceValidationError',
      'WorkspaceValidationError',
      'WorkspaceValidationError',
    ]);
    expect(results.slice(1).map((r) => r.fieldErrors?.map(({ path, code }) => ({ path, code })))).toEqual([
      [{ path: ['inputs', '1', 'id'], code: 'INVALID' }],
      [{ path: ['inputs', '2', 'tags'], code: 'UNSUPPORTED_FIELD' }],
      [{ path: ['inputs', '3', 'tags', '1'], code: 'TOO_LONG' }],
      [{ path: ['inputs', '4'], code: 'REQUIRED' }],
    ]);
    expect(calls(emulator)).toEqual(['PUT /workspaces/org123']);
  });

  it('a nested path at item 3: ["inputs","3","tags","0"]', async () => {
    const results = await updateMany(harness(), [
      { id: 'vertra:org123', name: 'a' },
      { id: 'blaxel:my-workspace', displayName: 'b' },
      { id: 'dreadnode:acme/research', name: 'c' },
      { id: 'vertra:org456', tags: ['x'.repeat(21)] },
    ]);
    expect(results[3]).toEqual({
      __typename: 'WorkspaceValidationError',
      message: expect.any(String),
      fieldErrors: [{ path: ['inputs', '3', 'tags', '0'], code: 'TOO_LONG', message: expect.any(String) }],
    });
  });

  it("roots a provider's own validation answer at the item (Dreadnode's 422 loc: inputs/1/isActive)", async () => {
    const { emulator } = harness();
    emulator.injectFault('dreadnode', {
      status: 422,
      body: {
        code: 422,
        detail: 'Validation error',
        type: 'validation_error',
        errors: [{ loc: ['body', 'is_active'], msg: 'Input should be a valid boolean', type: 'bool_type' }],
      },
    });
    const results = await updateMany(harness(), [
      { id: 'vertra:org123', name: 'a' },
      { id: 'dreadnode:acme/research', isActive: true },
    ]);
    expect(results[1]?.fieldErrors).toEqual([
      { path: ['inputs', '1', 'isActive'], code: 'INVALID', message: expect.any(String) },
    ]);
  });

  it('refuses the later items of the same workspace on ["inputs","<i>","id"] (INVALID), sending the first only', async () => {
    const { emulator } = harness();
    const results = await updateMany(harness(), [
      { id: 'vertra:org123', name: 'first' },
      { id: 'blaxel:my-workspace', displayName: 'other' },
      { id: 'vertra:org123', name: 'second' },
    ]);
    expect(results.map((r) => r.__typename)).toEqual([
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'WorkspaceValidationError',
    ]);
    expect(results[2]?.fieldErrors).toEqual([
      { path: ['inputs', '2', 'id'], code: 'INVALID', message: expect.stringContaining('inputs[0]') },
    ]);
    expect(results[0]?.workspace?.name).toBe('first');
    expect(calls(emulator).filter((c) => c.endsWith('/workspaces/org123'))).toEqual(['PUT /workspaces/org123']);
  });

  it('takes 100 inputs; 101 is a GraphQL error BAD_USER_INPUT and nothing is sent', async () => {
    const { emulator, graphql } = harness();
    emulator.setExtraWorkspaces(15);
    const hundred = batchOverEveryProvider(17, 15).slice(0, 100);
    const results = await updateMany(harness(), hundred);
    expect(results.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(emulator.requests).toHaveLength(100);

    emulator.clearRequests();
    const tooMany = [...hundred, { id: 'vertra:org123', name: 'one too many' }];
    const response = await graphql<BulkResponse['data']>(UPDATE_MANY, { inputs: tooMany });
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('at most 100'),
        path: ['updateWorkspaces'],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    expect(emulator.requests).toEqual([]);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await updateMany(harness(), [])).toEqual([]);
    expect(harness().emulator.requests).toEqual([]);
  });

  it('keeps at most WRITE_CONCURRENCY (4) updates in flight per provider, the providers in parallel (measured at the emulator)', async () => {
    const { emulator } = harness();
    emulator.setExtraWorkspaces(8);
    emulator.setLatency(100);
    const inputs = batchOverEveryProvider(10, 8);
    const started = performance.now();
    const results = await updateMany(harness(), inputs);
    const elapsed = performance.now() - started;
    expect(results.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(emulator.requests).toHaveLength(60);
    const peaks = peakInFlight(emulator.requests);
    expect(peaks).toEqual(Object.fromEntries(PROVIDERS.map((p) => [p, 4])));
    // Six providers side by side: up to 24 calls at once in all.
    expect(overallPeak(emulator.requests)).toBeGreaterThan(12);
    // 10 per provider, 4 at a time: 3 rounds of 100 ms, not 10 (one at a time) nor 60 (all serial).
    expect(elapsed).toBeLessThan(900);
  });

  it('once a provider answers 429, its items not yet sent get WorkspaceRateLimitedError at once, same retryAfterSeconds; others unaffected', async () => {
    const { emulator } = harness();
    emulator.setExtraWorkspaces(8);
    emulator.setLatency(50, 'vertra');
    // Longer than UPSTREAM_RETRY_AFTER_CAP_MS: answered at once, not retried.
    emulator.injectFault('vertra', {
      status: 429,
      body: FIXTURES.vertra.rateLimitBody,
      headers: { 'retry-after': '60' },
      times: Infinity,
    });
    const vertra = writableIds('vertra', 8).map((id, i) => changeFor('vertra', id, i));
    const blaxel = writableIds('blaxel', 8).map((id, i) => changeFor('blaxel', id, i));
    const results = await updateMany(harness(), [...vertra, ...blaxel]);

    // The first four were in flight together and got the 429; the six waiting were never sent.
    expect(emulator.requests.filter((r) => r.provider === 'vertra')).toHaveLength(4);
    const vertraResults = results.slice(0, vertra.length);
    expect(vertraResults).toHaveLength(10);
    for (const result of vertraResults) {
      expect(result).toMatchObject({
        __typename: 'WorkspaceRateLimitedError',
        provider: 'VERTRA',
        retryAfterSeconds: 60,
      });
    }
    expect(vertraResults.slice(4).every((r) => /not sent/.test(r.message ?? ''))).toBe(true);
    // Blaxel went on, all ten.
    expect(results.slice(vertra.length).every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(emulator.requests.filter((r) => r.provider === 'blaxel')).toHaveLength(10);
  });
});

describe('updateWorkspaces with WRITE_CONCURRENCY=2', () => {
  const harness = useHarness({ WRITE_CONCURRENCY: '2' });

  it('keeps at most 2 in flight per provider', async () => {
    const { emulator } = harness();
    emulator.setExtraWorkspaces(4);
    emulator.setLatency(60);
    const results = await updateMany(harness(), batchOverEveryProvider(6, 4));
    expect(results.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(peakInFlight(emulator.requests)).toEqual(Object.fromEntries(PROVIDERS.map((p) => [p, 2])));
  });
});

// ---------------------------------------------------------------------------------------------
// Callers, credentials, scope and audit (AUTH_MODE=jwt)
// ---------------------------------------------------------------------------------------------

describe('updateWorkspaces: callers, credentials, scope and audit', () => {
  const ACME = EMULATOR_TENANTS.acme.tokens;
  const GLOBEX = EMULATOR_TENANTS.globex.tokens;
  const CALLER_TOKEN = 'acme-altostrat-token';
  let key: TestKey;
  let jwks: JwksServer;
  let stack: TestStack;
  let emulator: Emulator;
  const logLines: string[] = [];

  beforeAll(async () => {
    key = await makeKey('ES256');
    jwks = await serveJwks([key]);
    const sink = lineSink(logLines);
    stack = await startStack(
      {
        ...jwtEnv(jwks),
        TENANT_CREDENTIALS_FILE: resolve(__dirname, '../../examples/tenant-credentials.json'),
        VERTRA_CREDENTIALS: 'tenant',
        BLAXEL_CREDENTIALS: 'tenant',
        ALTOSTRAT_CREDENTIALS: 'caller',
      },
      createLogger('info', sink),
    );
    emulator = stack.emulator;
  });
  afterAll(async () => {
    await stack?.close();
    await jwks?.close();
  });
  beforeEach(() => {
    emulator.reset();
    logLines.length = 0;
  });

  const tokenFor = (claims: Record<string, unknown>) =>
    signToken({ key, claims: { scope: 'workspaces:read workspaces:write', ...claims } });

  async function send(inputs: UpdateInput[], headers: Record<string, string>) {
    const response = await postGraphQL<BulkResponse['data']>(stack.url, UPDATE_MANY, { inputs }, headers);
    for (const secret of [CALLER_TOKEN, ACME.vertra, ACME.blaxel, emulator.token]) {
      expect(JSON.stringify(response.body)).not.toContain(secret);
    }
    return response;
  }

  const auditLines = () =>
    logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l['audit'] === true);
  const authorizationOf = (provider: string) =>
    emulator.requests.filter((r) => r.provider === provider).map((r) => r.headers['authorization']);

  it("each item goes with the caller's tenant's or own credential for its provider; one audit line per item", async () => {
    const jwt = await tokenFor({ tenant: 'acme', sub: 'batcher' });
    const headers = { authorization: `Bearer ${jwt}`, 'x-altostrat-token': CALLER_TOKEN };
    const response = await send(
      [
        { id: 'vertra:org123', name: 'Acme bulk', tags: ['secret-tag'] },
        { id: 'vertra:org456', name: 'Not ours' },
        { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: 'Confidential words' },
        { id: 'blaxel:my-workspace', displayName: 'Acme Blaxel' },
        { id: FIXTURES.flashback.writable.id, name: 'Flash' },
        { id: 'vertra:bad/ref', name: 'x' },
      ],
      headers,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateWorkspaces.map((r) => r.__typename)).toEqual([
      'UpdateWorkspaceSuccess',
      'WorkspacePermissionDeniedError',
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'WorkspaceValidationError',
    ]);
    expect(authorizationOf('vertra')).toEqual([`Bearer ${ACME.vertra}`, `Bearer ${ACME.vertra}`]);
    expect(authorizationOf('altostrat')).toEqual([`Bearer ${CALLER_TOKEN}`]);
    expect(authorizationOf('blaxel')).toEqual([`Bearer ${ACME.blaxel}`]);
    expect(authorizationOf('flashback')).toEqual([`Bearer ${emulator.token}`]);
    expect(JSON.stringify(emulator.requests.map((r) => r.headers))).not.toContain(GLOBEX.vertra);

    const audit = auditLines().sort((a, b) => (a['index'] as number) - (b['index'] as number));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'updateWorkspaces',
        index: 0,
        sub: 'batcher',
        tenant: 'acme',
        workspaceId: 'vertra:org123',
        provider: 'vertra',
        fields: ['name', 'tags'],
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({ index: 1, workspaceId: 'vertra:org456', result: 'WorkspacePermissionDeniedError' }),
      expect.objectContaining({ index: 2, provider: 'altostrat', fields: ['description'] }),
      expect.objectContaining({ index: 3, provider: 'blaxel', fields: ['displayName'] }),
      expect.objectContaining({ index: 4, provider: 'flashback', fields: ['name'] }),
      expect.objectContaining({ index: 5, provider: 'vertra', result: 'WorkspaceValidationError' }),
    ]);
    const everything = logLines.join('\n');
    for (const secret of [jwt, CALLER_TOKEN, ACME.vertra, 'Acme bulk', 'secret-tag', 'Confidential words']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('a provider whose credential is missing fails its own items only (no x-altostrat-token)', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const response = await send(
      [
        { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'x' },
        { id: 'vertra:org123', name: 'y' },
      ],
      { authorization: `Bearer ${jwt}` },
    );
    expect(response.body.data?.updateWorkspaces).toEqual([
      expect.objectContaining({ __typename: 'WorkspaceAuthenticationError', provider: 'ALTOSTRAT' }),
      expect.objectContaining({ __typename: 'UpdateWorkspaceSuccess' }),
    ]);
    expect(authorizationOf('altostrat')).toEqual([]);
  });

  it('without workspaces:write: every item WorkspacePermissionDeniedError naming the scope, nothing sent, one audit line each', async () => {
    const jwt = await tokenFor({ tenant: 'acme', scope: 'workspaces:read' });
    const response = await send(
      [
        { id: 'vertra:org123', name: 'x' },
        { id: 'blaxel:my-workspace', displayName: 'y' },
      ],
      { authorization: `Bearer ${jwt}` },
    );
    expect(response.body.errors).toBeUndefined();
    for (const result of response.body.data?.updateWorkspaces ?? []) {
      expect(result).toMatchObject({
        __typename: 'WorkspacePermissionDeniedError',
        message: expect.stringContaining('workspaces:write'),
      });
    }
    expect(response.body.data?.updateWorkspaces).toHaveLength(2);
    expect(emulator.requests).toEqual([]);
    expect(
      auditLines()
        .map((l) => [l['index'], l['result']])
        .sort(),
    ).toEqual([
      [0, 'WorkspacePermissionDeniedError'],
      [1, 'WorkspacePermissionDeniedError'],
    ]);
  });

  it('over 100 inputs: BAD_USER_INPUT, nothing sent and no audit line', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: `vertra:w${i}`, name: 'x' }));
    const response = await send(inputs, { authorization: `Bearer ${jwt}` });
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(emulator.requests).toEqual([]);
    expect(auditLines()).toEqual([]);
  });
});

describe('WRITE_CONCURRENCY and REQUEST_DEADLINE_MS', () => {
  it('default to 4 and 25 s; take positive integers; a bad value names the variable; BULK_DEADLINE_MS is the old name', () => {
    expect(loadConfig({})).toMatchObject({ writeConcurrency: 4, limits: { deadlineMs: 25_000 } });
    expect(loadConfig({ WRITE_CONCURRENCY: '8', REQUEST_DEADLINE_MS: '20000' })).toMatchObject({
      writeConcurrency: 8,
      limits: { deadlineMs: 20_000 },
    });
    expect(loadConfig({ BULK_DEADLINE_MS: '21000' })).toMatchObject({ limits: { deadlineMs: 21_000 } });
    expect(loadConfig({ BULK_DEADLINE_MS: '21000', REQUEST_DEADLINE_MS: '22000' })).toMatchObject({
      limits: { deadlineMs: 22_000 },
    });
    for (const bad of ['0', '-1', '2.5', 'many']) {
      expect(() => loadConfig({ WRITE_CONCURRENCY: bad })).toThrow(/WRITE_CONCURRENCY/);
      expect(() => loadConfig({ REQUEST_DEADLINE_MS: bad })).toThrow(/REQUEST_DEADLINE_MS/);
      expect(() => loadConfig({ BULK_DEADLINE_MS: bad })).toThrow(/BULK_DEADLINE_MS/);
    }
  });
});
