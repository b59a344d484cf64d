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
import { loadConfig } from '../../src/server/config/config';
import { createLogger } from '../../src/server/logging/logger';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';
import { ALL_FIXTURES, envName, idLike, providerAt, providerWith, type ProviderFixture } from '../providers';
import {
  calls,
  postGraphQL,
  useHarness,
  type GraphQLErrorData,
  type Harness,
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
function writableIds(fixture: ProviderFixture, extra: number): string[] {
  const { provider } = fixture;
  const seeded = SEEDED_WORKSPACES[provider].filter((w) => !w.readOnly).map((w) => `${provider}:${w.reference}`);
  return [...seeded, ...extraWorkspaceIds(extra)[provider]];
}

/** A valid change of a writable workspace of the provider, distinct per `n` (names are unique per provider). */
const changeFor = (fixture: ProviderFixture, id: string, n: number): UpdateInput => ({ id, ...fixture.change(n) });

/** `perProvider` distinct writable workspaces of each provider, interleaved (the first provider, the second, …, the first, …). */
function batchOverEveryProvider(perProvider: number, extra: number): UpdateInput[] {
  const ids = ALL_FIXTURES.map((f) => writableIds(f, extra));
  return Array.from({ length: perProvider }, (_, i) =>
    ALL_FIXTURES.map((f, p) => changeFor(f, ids[p]?.[i] as string, i)),
  ).flat();
}

/** How an update of a workspace the caller may not change is refused (403, or a provider's 404). */
const refusedAs = (fixture: ProviderFixture) => fixture.readOnly.refusedAs ?? 'WorkspacePermissionDeniedError';

/** The most provider calls in flight at once, all providers together. */
const overallPeak = (requests: readonly RecordedRequest[]): number => {
  const { provider } = providerAt(0);
  return peakInFlight(requests.map((r) => ({ ...r, provider })))[provider];
};

/** A provider with a limit on each item of a list field, the field and the limit (the fixture's). */
const LISTED = providerWith('with a limit on each item of a list', (f) => f.limits.some((l) => l.item));
const ITEM_LIMIT = LISTED.limits.find((l) => l.item) as { field: string; max: number };

describe('updateWorkspaces', () => {
  const harness = useHarness();

  it('answers one typed result per item, in input order, across providers', async () => {
    const [a, b] = [providerAt(0), providerAt(1)];
    const inputs: UpdateInput[] = [
      ...ALL_FIXTURES.map((f) => ({ id: f.writable.id, ...f.rename })),
      { id: a.readOnly.id, ...a.change(1) },
      { id: b.unknown.id, ...b.change(1) },
    ];
    const results = await updateMany(harness(), inputs);
    expect(results.map((r) => r.__typename)).toEqual([
      ...ALL_FIXTURES.map(() => 'UpdateWorkspaceSuccess'),
      refusedAs(a),
      'WorkspaceNotFoundError',
    ]);
    ALL_FIXTURES.forEach((f, i) => {
      expect(results[i]?.workspace).toMatchObject({ id: f.writable.id, provider: f.enumValue });
    });
    expect(results[ALL_FIXTURES.length + 1]).toMatchObject({ id: b.unknown.id });
    // Each item was sent once, to its own provider.
    expect(calls(harness().emulator).sort()).toEqual(
      [
        ...ALL_FIXTURES.map((f) => `${f.updateMethod} ${f.writable.path}`),
        `${a.updateMethod} ${a.readOnly.path}`,
        `${b.updateMethod} ${b.unknown.path}`,
      ].sort(),
    );
  });

  it(`validates each item as updateWorkspace does, paths from the argument (["inputs","3","${ITEM_LIMIT.field}","1"]); refused items are not sent`, async () => {
    const { emulator } = harness();
    const other = providerWith('without the listed field', (f) => !f.fields.includes(ITEM_LIMIT.field as never));
    const results = await updateMany(harness(), [
      { id: LISTED.writable.id, ...LISTED.change(1) },
      { id: `${LISTED.provider}:../admin`, ...LISTED.change(2) },
      { id: other.writable.id, [ITEM_LIMIT.field]: ['blue'] },
      { id: LISTED.otherWritable.id, [ITEM_LIMIT.field]: ['ok', 'x'.repeat(ITEM_LIMIT.max + 1)] },
      { id: other.otherWritable.id },
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
      [{ path: ['inputs', '2', ITEM_LIMIT.field], code: 'UNSUPPORTED_FIELD' }],
      [{ path: ['inputs', '3', ITEM_LIMIT.field, '1'], code: 'TOO_LONG' }],
      [{ path: ['inputs', '4'], code: 'REQUIRED' }],
    ]);
    expect(calls(emulator)).toEqual([`${LISTED.updateMethod} ${LISTED.writable.path}`]);
  });

  it(`a nested path at item 3: ["inputs","3","${ITEM_LIMIT.field}","0"]`, async () => {
    const results = await updateMany(harness(), [
      ...ALL_FIXTURES.slice(0, 3).map((f, i) => ({ id: f.writable.id, ...f.change(i) })),
      { id: LISTED.otherWritable.id, [ITEM_LIMIT.field]: ['x'.repeat(ITEM_LIMIT.max + 1)] },
    ]);
    expect(results[3]).toEqual({
      __typename: 'WorkspaceValidationError',
      message: expect.any(String),
      fieldErrors: [{ path: ['inputs', '3', ITEM_LIMIT.field, '0'], code: 'TOO_LONG', message: expect.any(String) }],
    });
  });

  /** Each provider's own validation answers whose field errors the case states (paths under `input`). */
  const ANSWERED = ALL_FIXTURES.flatMap((fixture) =>
    fixture.cases.validation
      .filter(({ expected }) => Array.isArray(expected.fieldErrors))
      .filter(({ expected }) => (expected.fieldErrors ?? []).every((e) => Array.isArray(e.path)))
      .map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
  );

  it.each(ANSWERED)("roots a provider's own validation answer at the item: $title", async (testCase) => {
    const { emulator } = harness();
    const { fixture, input, fault, expected } = testCase;
    const other = providerWith('other than this one', (f) => f.provider !== fixture.provider);
    if (fault) emulator.injectFault(fixture.provider, fault);
    const results = await updateMany(harness(), [{ id: other.writable.id, ...other.change(1) }, input]);
    expect(results[0]?.__typename).toBe('UpdateWorkspaceSuccess');
    expect(results[1]?.fieldErrors).toEqual(
      expected.fieldErrors?.map((error) => ({ ...error, path: ['inputs', '1', ...error.path.slice(1)] })),
    );
  });

  it('refuses the later items of the same workspace on ["inputs","<i>","id"] (INVALID), sending the first only', async () => {
    const { emulator } = harness();
    const [a, b] = [providerAt(0), providerAt(1)];
    const results = await updateMany(harness(), [
      { id: a.writable.id, ...a.change(1) },
      { id: b.writable.id, ...b.change(1) },
      { id: a.writable.id, ...a.change(2) },
    ]);
    expect(results.map((r) => r.__typename)).toEqual([
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'WorkspaceValidationError',
    ]);
    expect(results[2]?.fieldErrors).toEqual([
      { path: ['inputs', '2', 'id'], code: 'INVALID', message: expect.stringContaining('inputs[0]') },
    ]);
    expect(results[0]?.workspace).toMatchObject(a.change(1));
    expect(calls(emulator).filter((c) => c.endsWith(a.writable.path))).toEqual([
      `${a.updateMethod} ${a.writable.path}`,
    ]);
  });

  it('takes 100 inputs; 101 is a GraphQL error BAD_USER_INPUT and nothing is sent', async () => {
    const { emulator, graphql } = harness();
    // Enough of each provider's workspaces for 100 items: its two writable seeds and extras.
    const perProvider = Math.ceil(100 / ALL_FIXTURES.length);
    emulator.setExtraWorkspaces(perProvider - 2);
    const hundred = batchOverEveryProvider(perProvider, perProvider - 2).slice(0, 100);
    expect(hundred).toHaveLength(100);
    const results = await updateMany(harness(), hundred);
    expect(results.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(emulator.requests).toHaveLength(100);

    emulator.clearRequests();
    const a = providerAt(0);
    const tooMany = [...hundred, { id: a.writable.id, ...a.change(101) }];
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
    expect(emulator.requests).toHaveLength(10 * ALL_FIXTURES.length);
    const peaks = peakInFlight(emulator.requests);
    expect(peaks).toEqual(Object.fromEntries(ALL_FIXTURES.map((f) => [f.provider, 4])));
    // The providers side by side: up to 4 calls each at once, all together.
    expect(overallPeak(emulator.requests)).toBeGreaterThan(2 * ALL_FIXTURES.length);
    // 10 per provider, 4 at a time: 3 rounds of 100 ms, not 10 (one at a time) nor all serial.
    expect(elapsed).toBeLessThan(900);
  });

  it('once a provider answers 429, its items not yet sent get WorkspaceRateLimitedError at once, same retryAfterSeconds; others unaffected', async () => {
    const { emulator } = harness();
    const [limited, other] = [providerAt(0), providerAt(1)];
    emulator.setExtraWorkspaces(8);
    emulator.setLatency(50, limited.provider);
    // Longer than UPSTREAM_RETRY_AFTER_CAP_MS: answered at once, not retried.
    emulator.injectFault(limited.provider, {
      status: 429,
      body: limited.rateLimit.body,
      headers: { 'retry-after': '60' },
      times: Infinity,
    });
    const first = writableIds(limited, 8).map((id, i) => changeFor(limited, id, i));
    const second = writableIds(other, 8).map((id, i) => changeFor(other, id, i));
    const results = await updateMany(harness(), [...first, ...second]);

    // The first four were in flight together and got the 429; the six waiting were never sent.
    expect(emulator.requests.filter((r) => r.provider === limited.provider)).toHaveLength(4);
    const limitedResults = results.slice(0, first.length);
    expect(limitedResults).toHaveLength(10);
    for (const result of limitedResults) {
      expect(result).toMatchObject({
        __typename: 'WorkspaceRateLimitedError',
        provider: limited.enumValue,
        retryAfterSeconds: 60,
      });
    }
    expect(limitedResults.slice(4).every((r) => /not sent/.test(r.message ?? ''))).toBe(true);
    // The other provider went on, all ten.
    expect(results.slice(first.length).every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(emulator.requests.filter((r) => r.provider === other.provider)).toHaveLength(10);
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
    expect(peakInFlight(emulator.requests)).toEqual(Object.fromEntries(ALL_FIXTURES.map((f) => [f.provider, 2])));
  });
});

// ---------------------------------------------------------------------------------------------
// Callers, credentials, scope and audit (AUTH_MODE=jwt)
// ---------------------------------------------------------------------------------------------

describe('updateWorkspaces: callers, credentials, scope and audit', () => {
  // Two providers on the tenant's credentials, one on the caller's own, one on the service's.
  const [TENANT_A, TENANT_B, CALLER, SERVICE] = [providerAt(0), providerAt(1), providerAt(2), providerAt(3)];
  const ACME = EMULATOR_TENANTS.acme.tokens;
  const GLOBEX = EMULATOR_TENANTS.globex.tokens;
  const CALLER_TOKEN = ACME[CALLER.provider];
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
        [envName(TENANT_A, 'CREDENTIALS')]: 'tenant',
        [envName(TENANT_B, 'CREDENTIALS')]: 'tenant',
        [envName(CALLER, 'CREDENTIALS')]: 'caller',
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
    for (const secret of [CALLER_TOKEN, ACME[TENANT_A.provider], ACME[TENANT_B.provider], emulator.token]) {
      expect(JSON.stringify(response.body)).not.toContain(secret);
    }
    return response;
  }

  const auditLines = () =>
    logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l['audit'] === true);
  const authorizationOf = (fixture: ProviderFixture) =>
    emulator.requests.filter((r) => r.provider === fixture.provider).map((r) => r.headers['authorization']);

  it("each item goes with the caller's tenant's or own credential for its provider; one audit line per item", async () => {
    const jwt = await tokenFor({ tenant: 'acme', sub: 'batcher' });
    const headers = { authorization: `Bearer ${jwt}`, [CALLER.tokenHeader]: CALLER_TOKEN };
    const secretChange = TENANT_A.change(7001);
    const response = await send(
      [
        { id: TENANT_A.writable.id, ...secretChange },
        { id: TENANT_A.otherWritable.id, ...TENANT_A.change(2) },
        { id: CALLER.writable.id, ...CALLER.change(3) },
        { id: TENANT_B.writable.id, ...TENANT_B.change(4) },
        { id: SERVICE.writable.id, ...SERVICE.change(5) },
        { id: `${TENANT_A.provider}:..`, ...TENANT_A.change(6) },
      ],
      headers,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateWorkspaces.map((r) => r.__typename)).toEqual([
      'UpdateWorkspaceSuccess',
      refusedAs(TENANT_A),
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'UpdateWorkspaceSuccess',
      'WorkspaceValidationError',
    ]);
    const acmeOf = (f: ProviderFixture) => `Bearer ${ACME[f.provider]}`;
    expect(authorizationOf(TENANT_A)).toEqual([acmeOf(TENANT_A), acmeOf(TENANT_A)]);
    expect(authorizationOf(CALLER)).toEqual([`Bearer ${CALLER_TOKEN}`]);
    expect(authorizationOf(TENANT_B)).toEqual([acmeOf(TENANT_B)]);
    expect(authorizationOf(SERVICE)).toEqual([`Bearer ${emulator.token}`]);
    expect(JSON.stringify(emulator.requests.map((r) => r.headers))).not.toContain(GLOBEX[TENANT_A.provider]);

    const audit = auditLines().sort((a, b) => (a['index'] as number) - (b['index'] as number));
    const fieldsOf = (change: object) => Object.keys(change);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'updateWorkspaces',
        index: 0,
        sub: 'batcher',
        tenant: 'acme',
        workspaceId: TENANT_A.writable.id,
        provider: TENANT_A.provider,
        fields: fieldsOf(secretChange),
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({ index: 1, workspaceId: TENANT_A.otherWritable.id, result: refusedAs(TENANT_A) }),
      expect.objectContaining({ index: 2, provider: CALLER.provider, fields: fieldsOf(CALLER.change(3)) }),
      expect.objectContaining({ index: 3, provider: TENANT_B.provider, fields: fieldsOf(TENANT_B.change(4)) }),
      expect.objectContaining({ index: 4, provider: SERVICE.provider, fields: fieldsOf(SERVICE.change(5)) }),
      expect.objectContaining({ index: 5, provider: TENANT_A.provider, result: 'WorkspaceValidationError' }),
    ]);
    const everything = logLines.join('\n');
    for (const secret of [jwt, CALLER_TOKEN, ACME[TENANT_A.provider], ...Object.values(secretChange)]) {
      expect(everything).not.toContain(secret);
    }
  });

  it(`a provider whose credential is missing fails its own items only (no ${CALLER.tokenHeader})`, async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const response = await send(
      [
        { id: CALLER.writable.id, ...CALLER.change(1) },
        { id: TENANT_A.writable.id, ...TENANT_A.change(1) },
      ],
      { authorization: `Bearer ${jwt}` },
    );
    expect(response.body.data?.updateWorkspaces).toEqual([
      expect.objectContaining({ __typename: 'WorkspaceAuthenticationError', provider: CALLER.enumValue }),
      expect.objectContaining({ __typename: 'UpdateWorkspaceSuccess' }),
    ]);
    expect(authorizationOf(CALLER)).toEqual([]);
  });

  it('without workspaces:write: every item WorkspacePermissionDeniedError naming the scope, nothing sent, one audit line each', async () => {
    const jwt = await tokenFor({ tenant: 'acme', scope: 'workspaces:read' });
    const response = await send(
      [
        { id: TENANT_A.writable.id, ...TENANT_A.change(1) },
        { id: TENANT_B.writable.id, ...TENANT_B.change(1) },
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
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: idLike(TENANT_A, `w${i}`), ...TENANT_A.change(i) }));
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
