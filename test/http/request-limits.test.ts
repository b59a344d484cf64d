// The review's amplification attacks, replayed over real HTTP against the subgraph and the
// emulator on loopback, with the bound each now meets (README.md, "Limits and fair use"):
// aliases x bulk, batches, a batch sharing the write lanes, a client that goes away, one
// deadline for the whole request, an `_entities` flood, anonymous `_service` aliases and
// batches, a tenant over its share, and a provider's 429 wait held process-wide. Upstream calls
// are counted at the emulator.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extraWorkspaceIds, peakInFlight, type Emulator } from '../../src/emulator';
import { createLogger } from '../../src/server/logging/logger';
import { TEST_UPSTREAM_ENV } from '../integration/helpers';
import { envName, idLike, providerAt } from '../providers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';

const BULK = 'mutation Bulk($v: [UpdateWorkspaceInput!]!) { updateWorkspaces(inputs: $v) { __typename } }';
const UPDATE =
  'mutation One($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename ... on WorkspaceRateLimitedError { retryAfterSeconds message } ... on UpdateWorkspaceSuccess { workspace { id } } } }';

/** The provider whose lanes and waits these tests fill (any). */
const P = providerAt(0);

/** `count` updates of distinct workspaces of P (the emulator's extra ones). */
const inputs = (count: number, from = 0) =>
  (extraWorkspaceIds(from + count)[P.provider] ?? []).slice(from).map((id, i) => ({ id, ...P.change(from + i) }));

/** An input as a GraphQL object literal (its values are strings). */
const literal = (input: Record<string, unknown>) =>
  `{ ${Object.entries(input)
    .map(([field, value]) => `${field}: ${JSON.stringify(value)}`)
    .join(', ')} }`;

/** `{ a0: updateWorkspaces(inputs: $v) … a<n-1>: … }`: the same bulk under `n` aliases. */
const aliasedBulk = (n: number) =>
  `mutation Aliased($v: [UpdateWorkspaceInput!]!) { ${Array.from(
    { length: n },
    (_, i) => `a${i}: updateWorkspaces(inputs: $v) { __typename }`,
  ).join(' ')} }`;

interface ErrorBody {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  data?: Record<string, unknown> | null;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

const writes = (emulator: Emulator) => emulator.requests.filter((r) => r.method !== 'GET');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('one request has a bounded cost (AUTH_MODE=off)', () => {
  let stack: TestStack;
  const lines: string[] = [];
  const audit = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['audit'] === true);

  beforeAll(async () => {
    stack = await startStack(
      { ...TEST_UPSTREAM_ENV, METRICS_PORT: '0', REQUEST_DEADLINE_MS: '25000' },
      createLogger('info', lineSink(lines)),
    );
    stack.emulator.setExtraWorkspaces(100);
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    await stack.reset();
    stack.emulator.setExtraWorkspaces(100);
    stack.emulator.clearRequests();
    lines.length = 0;
  });

  it('50 aliases of updateWorkspaces over 100 ids: refused before any call, COST_ESTIMATED_TOO_EXPENSIVE naming 5000 and 100', async () => {
    const { status, body } = await post(stack.url, { query: aliasedBulk(50), variables: { v: inputs(100) } });
    expect(status).toBe(400);
    const { errors, data } = body as ErrorBody;
    expect(data ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'COST_ESTIMATED_TOO_EXPENSIVE',
      cost: { kind: 'writes', estimated: 5000, max: 100 },
    });
    expect(errors?.[0]?.message).toMatch(/5000 upstream writes.*at most 100.*MAX_REQUEST_WRITES/);
    expect(stack.emulator.requests).toEqual([]);
    expect(audit()).toEqual([]);
  });

  it('the same bulk twice in one operation (200 writes) is refused; once (100 writes, one full bulk) runs', async () => {
    const twice = await post(stack.url, { query: aliasedBulk(2), variables: { v: inputs(100) } });
    expect(twice.status).toBe(400);
    expect(stack.emulator.requests).toEqual([]);
    const once = await post(stack.url, { query: BULK, variables: { v: inputs(100) } });
    expect(once.status).toBe(200);
    expect(writes(stack.emulator)).toHaveLength(100);
  });

  it('fragments count every alias they bring; fields GraphQL merges (same response key) count once', async () => {
    const spread = `mutation M($v: [UpdateWorkspaceInput!]!) { ...F ...F a: updateWorkspaces(inputs: $v) { __typename } }
      fragment F on Mutation { b: updateWorkspaces(inputs: $v) { __typename } }`;
    const { status, body } = await post(stack.url, { query: spread, variables: { v: inputs(60) } });
    expect(status).toBe(400);
    expect((body as ErrorBody).errors?.[0]?.extensions?.['cost']).toMatchObject({ estimated: 120 });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('a batch of three over-budget operations: HTTP 400, one COST_ESTIMATED_TOO_EXPENSIVE per operation, nothing sent', async () => {
    const operation = { query: aliasedBulk(50), variables: { v: inputs(100) } };
    const { status, body } = await post(stack.url, [operation, operation, operation]);
    expect(status).toBe(400);
    const results = body as ErrorBody[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.errors?.map((e) => e.extensions?.['code'])).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
      expect(result.errors?.[0]?.message).toMatch(/15000 upstream writes/);
    }
    expect(stack.emulator.requests).toEqual([]);
  });

  it('a batch whose operations are each within budget but together over it is refused whole', async () => {
    const operation = { query: BULK, variables: { v: inputs(60) } };
    const { status } = await post(stack.url, [operation, operation]);
    expect(status).toBe(400);
    expect(stack.emulator.requests).toEqual([]);
  });

  it(`a batch of 11 operations: HTTP 400 naming MAX_BATCH_OPERATIONS, nothing run; 10 run`, async () => {
    const update = (i: number) => ({ query: UPDATE, variables: { input: inputs(1, i)[0] } });
    const eleven = await post(
      stack.url,
      Array.from({ length: 11 }, (_, i) => update(i)),
    );
    expect(eleven.status).toBe(400);
    // One error for the whole batch: its length is the sender's to choose.
    const { errors } = eleven.body as ErrorBody;
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.message).toMatch(/11 operations.*at most 10.*MAX_BATCH_OPERATIONS/);
    expect(stack.emulator.requests).toEqual([]);
    const ten = await post(
      stack.url,
      Array.from({ length: 10 }, (_, i) => update(i)),
    );
    expect(ten.status).toBe(200);
    expect(writes(stack.emulator)).toHaveLength(10);
  });

  it('a batch of four bulks shares the provider lanes: never more than WRITE_CONCURRENCY (4) writes in flight', async () => {
    stack.emulator.injectFault(P.provider, { delayMs: 25, times: Infinity });
    const operations = [0, 25, 50, 75].map((from) => ({ query: BULK, variables: { v: inputs(25, from) } }));
    const { status, body } = await post(stack.url, operations);
    expect(status).toBe(200);
    for (const result of body as { data: { updateWorkspaces: { __typename: string }[] } }[]) {
      expect(result.data.updateWorkspaces.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    }
    expect(writes(stack.emulator)).toHaveLength(100);
    expect(peakInFlight(stack.emulator.requests)[P.provider]).toBe(4);
  });

  it('aliases of updateWorkspace share the lanes too', async () => {
    stack.emulator.injectFault(P.provider, { delayMs: 25, times: Infinity });
    const query = `mutation { ${inputs(12)
      .map((input, i) => `u${i}: updateWorkspace(input: ${literal(input)}) { __typename }`)
      .join(' ')} }`;
    const { status } = await post(stack.url, { query });
    expect(status).toBe(200);
    expect(writes(stack.emulator)).toHaveLength(12);
    expect(peakInFlight(stack.emulator.requests)[P.provider]).toBeLessThanOrEqual(4);
  });

  it('_entities with 3,000 representations: refused before any GET (MAX_REQUEST_READS 500)', async () => {
    const representations = Array.from({ length: 3000 }, (_, i) => ({
      __typename: 'Workspace',
      id: idLike(P, `w${i}`),
    }));
    const query = 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Workspace { id } } }';
    const { status, body } = await post(stack.url, { query, variables: { r: representations } });
    expect(status).toBe(400);
    expect((body as ErrorBody).errors?.[0]?.extensions).toMatchObject({
      code: 'COST_ESTIMATED_TOO_EXPENSIVE',
      cost: { kind: 'reads', estimated: 3000, max: 500 },
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('plans count as reads: six aliased plans of 100 inputs (600 reads) are refused before any GET', async () => {
    const query = `query Plans($v: [UpdateWorkspaceInput!]!) { ${Array.from(
      { length: 6 },
      (_, i) => `p${i}: planWorkspaceUpdates(inputs: $v) { __typename }`,
    ).join(' ')} }`;
    const { status, body } = await post(stack.url, { query, variables: { v: inputs(100) } });
    expect(status).toBe(400);
    expect((body as ErrorBody).errors?.[0]?.extensions).toMatchObject({
      code: 'COST_ESTIMATED_TOO_EXPENSIVE',
      cost: { kind: 'reads', estimated: 600, max: 500 },
    });
    expect(stack.emulator.requests).toEqual([]);
  });

  it('an expected revision is one read more: five plans of 100 and one update applied at a revision (501 reads) are refused', async () => {
    const plans = `query Plans($v: [UpdateWorkspaceInput!]!) { ${Array.from(
      { length: 5 },
      (_, i) => `p${i}: planWorkspaceUpdates(inputs: $v) { __typename }`,
    ).join(' ')} }`;
    const [first] = inputs(1);
    const apply = 'mutation Apply($i: UpdateWorkspaceInput!) { updateWorkspace(input: $i) { __typename } }';
    const { status, body } = await post(stack.url, [
      { query: plans, variables: { v: inputs(100) } },
      { query: apply, variables: { i: { ...first, expectedRevision: 'r1' } } },
    ]);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('"estimated":501');
    expect(stack.emulator.requests).toEqual([]);
  });

  it('a client that disconnects: nothing more is sent, the waiting items are audited CANCELLED and not sent', async () => {
    stack.emulator.injectFault(P.provider, { delayMs: 300, times: Infinity });
    const controller = new AbortController();
    const request = post(stack.url, { query: BULK, variables: { v: inputs(40) } }, {}, controller.signal);
    await sleep(150);
    controller.abort();
    await expect(request).rejects.toThrow();
    // The four in flight when the client left finish; nothing follows them.
    await sleep(1000);
    const sent = writes(stack.emulator).length;
    expect(sent).toBe(4);
    await sleep(700);
    expect(writes(stack.emulator)).toHaveLength(sent);
    const lines = audit();
    expect(lines).toHaveLength(40);
    const cancelled = lines.filter((line) => line['code'] === 'CANCELLED');
    expect(cancelled).toHaveLength(36);
    for (const line of cancelled) expect(line).toMatchObject({ sent: false, result: 'WorkspaceProviderError' });
  });

  it('the same counters stop a request at run time: a persisted query sent by hash carries no text to estimate', async () => {
    const query = aliasedBulk(2);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    // Registered with 10 ids (20 writes, within the budget), then sent by hash with 100 (200 writes).
    const registered = await post(stack.url, {
      query,
      variables: { v: inputs(10) },
      extensions: { persistedQuery },
    });
    expect(registered.status).toBe(200);
    stack.emulator.clearRequests();
    const { status, body } = await post(stack.url, {
      variables: { v: inputs(100) },
      extensions: { persistedQuery },
    });
    expect(status).toBe(200);
    const data = (body as { data: Record<string, { __typename: string }[]> }).data;
    expect(data['a0']?.every((r) => r.__typename === 'UpdateWorkspaceSuccess')).toBe(true);
    expect(data['a1']?.every((r) => r.__typename === 'WorkspaceProviderError')).toBe(true);
    expect(writes(stack.emulator)).toHaveLength(100);
    const refused = audit().filter((line) => line['code'] === 'REQUEST_BUDGET_EXCEEDED');
    expect(refused).toHaveLength(100);
  });

  it('counts refused requests by reason in the metrics', async () => {
    await post(stack.url, { query: aliasedBulk(3), variables: { v: inputs(50) } });
    await post(
      stack.url,
      Array.from({ length: 12 }, () => ({ query: '{ __typename }' })),
    );
    const metrics = await (await fetch(stack.subgraph.metricsUrl as string)).text();
    expect(metrics).toMatch(/graphql_requests_refused_total\{reason="cost_writes"\} [1-9]/);
    expect(metrics).toMatch(/graphql_requests_refused_total\{reason="batch_size"\} [1-9]/);
  });
});

describe('one deadline for the whole request (REQUEST_DEADLINE_MS)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ ...TEST_UPSTREAM_ENV, REQUEST_DEADLINE_MS: '1500', UPSTREAM_BUDGET_MS: '600' });
    stack.emulator.setExtraWorkspaces(40);
  });
  afterAll(() => stack?.close());

  it('covers every operation of a batch: what could not finish in time is DEADLINE_EXCEEDED, unsent', async () => {
    stack.emulator.injectFault(P.provider, { delayMs: 250, times: Infinity });
    // Two operations of 16 writes each, one lane set of 4: rounds start every ~250 ms; writes that
    // waited may start until 1500 - 600 = 900 ms. Per operation, the deadline would let all 16 go.
    const operations = [0, 16].map((from) => ({ query: BULK, variables: { v: inputs(16, from) } }));
    const started = performance.now();
    const { status, body } = await post(stack.url, operations);
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    const results = (body as { data: { updateWorkspaces: { __typename: string }[] } }[]).flatMap(
      (r) => r.data.updateWorkspaces,
    );
    const ok = results.filter((r) => r.__typename === 'UpdateWorkspaceSuccess').length;
    expect(ok).toBeGreaterThanOrEqual(12);
    expect(ok).toBeLessThanOrEqual(20);
    expect(writes(stack.emulator)).toHaveLength(ok);
    expect(results.filter((r) => r.__typename === 'WorkspaceProviderError')).toHaveLength(32 - ok);
    expect(elapsed).toBeLessThan(1500 + 600);
  });
});

describe('anonymous callers (AUTH_MODE=jwt, no token)', () => {
  let stack: TestStack;
  let jwks: JwksServer;
  let key: TestKey;
  beforeAll(async () => {
    key = await makeKey('RS256');
    jwks = await serveJwks([key]);
    stack = await startStack(jwtEnv(jwks));
  });
  afterAll(async () => {
    await stack?.close();
    await jwks?.close();
  });

  it('may ask for the SDL once, unaliased, in one operation', async () => {
    const { status, body } = await post(stack.url, { query: '{ _service { sdl } }' });
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain('updateWorkspaces');
  });

  it.each([
    [
      'aliases of _service',
      { query: `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: _service { sdl }`).join(' ')} }` },
    ],
    ['aliases of sdl', { query: '{ _service { a: sdl b: sdl } }' }],
    ['a batch of two', [{ query: '{ _service { sdl } }' }, { query: '{ _service { sdl } }' }]],
  ])('%s: 401, nothing answered', async (_name, body) => {
    const response = await post(stack.url, body);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.stringify(response.body)).not.toContain('updateWorkspaces');
  });

  it('a verified caller may batch', async () => {
    const token = await signToken({ key, claims: { sub: 'ops', scope: 'workspaces:read' } });
    const { status } = await post(stack.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }], {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(200);
  });
});

describe('fair share per tenant and provider waits', () => {
  /** Another provider on the tenant's credentials. */
  const Q = providerAt(1);
  let stack: TestStack;
  let jwks: JwksServer;
  let key: TestKey;
  const bearer = async (tenant: string) => ({
    authorization: `Bearer ${await signToken({ key, claims: { sub: `${tenant}-ops`, tenant, scope: 'workspaces:read workspaces:write' } })}`,
  });
  beforeAll(async () => {
    key = await makeKey('RS256');
    jwks = await serveJwks([key]);
    stack = await startStack({
      ...TEST_UPSTREAM_ENV,
      ...jwtEnv(jwks),
      TENANT_WRITE_RATE: '2',
      [envName(P, 'CREDENTIALS')]: 'tenant',
      [envName(Q, 'CREDENTIALS')]: 'tenant',
      TENANT_CREDENTIALS_FILE: 'examples/tenant-credentials.json',
    });
  });
  afterAll(async () => {
    await stack?.close();
    await jwks?.close();
  });
  beforeEach(async () => {
    await stack.reset();
    stack.emulator.clearRequests();
  });

  const update = async (tenant: string, input: Record<string, unknown>) => {
    const { body } = await post(stack.url, { query: UPDATE, variables: { input } }, await bearer(tenant));
    return (body as { data: { updateWorkspace: { __typename: string; retryAfterSeconds?: number | null } } }).data
      .updateWorkspace;
  };

  it('TENANT_WRITE_RATE=2: the third write of a tenant in a minute is WorkspaceRateLimitedError, unsent; another tenant goes on', async () => {
    for (const n of [1, 2]) {
      expect(await update('acme', { id: P.writable.id, ...P.change(n) })).toMatchObject({
        __typename: 'UpdateWorkspaceSuccess',
      });
    }
    const third = await update('acme', { id: P.writable.id, ...P.change(3) });
    expect(third).toMatchObject({ __typename: 'WorkspaceRateLimitedError' });
    expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(writes(stack.emulator)).toHaveLength(2);
    // Another tenant, and the same tenant at another provider, have shares of their own.
    expect(await update('globex', { id: P.otherWritable.id, ...P.change(4) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
    expect(await update('acme', { id: Q.writable.id, ...Q.change(5) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
  });

  it('after a 429 with Retry-After, every write with that credential is answered at once until the wait is over; others go on', async () => {
    stack.emulator.injectFault(P.provider, {
      status: 429,
      body: P.rateLimit.body,
      headers: { 'retry-after': '30' },
    });
    expect(await update('acme', { id: P.writable.id, ...P.change(1) })).toMatchObject({
      __typename: 'WorkspaceRateLimitedError',
      retryAfterSeconds: 30,
    });
    const held = await update('acme', { id: P.writable.id, ...P.change(2) });
    expect(held).toMatchObject({ __typename: 'WorkspaceRateLimitedError' });
    expect(held.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(writes(stack.emulator)).toHaveLength(1);
    // globex calls the same provider with its own credential: not held.
    expect(await update('globex', { id: P.otherWritable.id, ...P.change(3) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
  });
});
