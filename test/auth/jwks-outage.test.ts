// An identity-provider outage is not a bad token (issue 17, defects 5 and 10), over real HTTP with
// AUTH_MODE=jwt: while no key can be fetched to check a token (the JWKS endpoint unreachable,
// answering an error, a body that is not a JWKS or one over 1 MiB), a request with a token is
// answered 503 with Retry-After and one AUTHENTICATION_UNAVAILABLE error (the client keeps its
// token), never 401; the first request after Retry-After, the keys fetchable again, verifies.
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_MUTATION, WORKSPACE_QUERY, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, paddedJwks, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { startStack, type TestStack } from '../support/stack';
import { providerAt } from '../providers';

const WRITE = 'workspaces:read workspaces:write';
/** The workspace the requests update (any provider's). */
const P = providerAt(0);
const MIB = 1024 * 1024;

let key: TestKey;

beforeAll(async () => {
  key = await makeKey('ES256');
});

const bearer = async () => ({ authorization: `Bearer ${await signToken({ key, claims: { scope: WRITE } })}` });

async function update(stack: TestStack, headers: Record<string, string>) {
  return postGraphQL<{ updateWorkspace: UpdateResult }>(
    stack.url,
    UPDATE_MUTATION,
    { input: { id: P.writable.id, ...P.rename } },
    headers,
  );
}

/** 503, Retry-After (whole seconds), exactly one AUTHENTICATION_UNAVAILABLE error, no challenge; its Retry-After. */
function expectUnavailable(response: Awaited<ReturnType<typeof postGraphQL>>): number {
  expect(response.status).toBe(503);
  const retryAfter = response.headers.get('retry-after');
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect(response.headers.get('www-authenticate')).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions?.['code']).toBe('AUTHENTICATION_UNAVAILABLE');
  expect(response.body.errors?.[0]?.message).toMatch(/retry/i);
  expect(response.body.data ?? null).toBeNull();
  return Number(retryAfter);
}

function expectUpdated(response: Awaited<ReturnType<typeof update>>): void {
  expect(response.status).toBe(200);
  expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
}

describe('the JWKS endpoint fails before any key was fetched', () => {
  let jwks: JwksServer;
  let stack: TestStack;

  beforeEach(async () => {
    jwks = await serveJwks([key]);
    stack = await startStack(jwtEnv(jwks));
  });

  afterEach(async () => {
    await stack?.close();
    await jwks?.close();
  });

  it.each([
    ['answers 503', (j: JwksServer) => j.setFailure(503)],
    ['answers 404', (j: JwksServer) => j.setFailure(404)],
    ['answers a body that is not JSON', (j: JwksServer) => j.setBody('<html>maintenance</html>')],
    ['answers JSON that is not a JWKS', (j: JwksServer) => j.setBody('{"error":"down"}')],
  ])('it %s: 503 with Retry-After, then the first request after it verifies', async (_name, fail) => {
    fail(jwks);
    const retryAfter = expectUnavailable(await update(stack, await bearer()));
    expect(calls(stack.emulator)).toEqual([]);
    // Within Retry-After the endpoint is not asked again, whatever the traffic.
    const fetches = jwks.fetches();
    for (let i = 0; i < 5; i++) expectUnavailable(await update(stack, await bearer()));
    expect(jwks.fetches()).toBe(fetches);
    // Back: the first request after Retry-After verifies normally.
    jwks.setFailure(null);
    jwks.setBody(null);
    await sleep(retryAfter * 1000);
    expectUpdated(await update(stack, await bearer()));
    expect(calls(stack.emulator)).toEqual([`${P.updateMethod} ${P.writable.path}`]);
  });

  it('a batch of operations is 503 for each, with Retry-After', async () => {
    jwks.setFailure(503);
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer()) },
      body: JSON.stringify([
        { query: WORKSPACE_QUERY, variables: { id: P.writable.id } },
        { query: WORKSPACE_QUERY, variables: { id: providerAt(1).writable.id } },
      ]),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(response.headers.get('www-authenticate')).toBeNull();
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] }[];
    expect(body.map((one) => one.errors?.map((e) => e.extensions?.['code']))).toEqual([
      ['AUTHENTICATION_UNAVAILABLE'],
      ['AUTHENTICATION_UNAVAILABLE'],
    ]);
    // A batch of one operation too.
    const one = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer()) },
      body: JSON.stringify([{ query: WORKSPACE_QUERY, variables: { id: P.writable.id } }]),
    });
    expect(one.status).toBe(503);
    expect(one.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    const single = (await one.json()) as { errors?: { extensions?: Record<string, unknown> }[] }[];
    expect(single.map((op) => op.errors?.map((e) => e.extensions?.['code']))).toEqual([['AUTHENTICATION_UNAVAILABLE']]);
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('what needs no key is answered as usual: the SDL (200), no token or not a JWT (401)', async () => {
    jwks.setFailure(503);
    const sdl = await postGraphQL<{ _service: { sdl: string } }>(stack.url, '{ _service { sdl } }');
    expect(sdl.status).toBe(200);
    expect(sdl.body.data?._service.sdl).toContain('type Workspace');
    for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }] as Record<string, string>[]) {
      const refused = await update(stack, headers);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    }
    expect(jwks.fetches()).toBe(0);
  });
});

describe('the JWKS endpoint is unreachable (nothing listens)', () => {
  it('503 with Retry-After, not 401', async () => {
    // A port that was free a moment ago: connections are refused.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((done) => probe.close(() => done()));
    const stack = await startStack(jwtEnv({ url: `http://127.0.0.1:${port}/.well-known/jwks.json` }));
    try {
      expectUnavailable(await update(stack, await bearer()));
      expect(calls(stack.emulator)).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});

describe('JWKS responses are capped at 1 MiB', () => {
  let jwks: JwksServer;
  let stack: TestStack;

  beforeEach(async () => {
    jwks = await serveJwks([key]);
    stack = await startStack(jwtEnv(jwks));
  });

  afterEach(async () => {
    await stack?.close();
    await jwks?.close();
  });

  it('a valid JWKS just under 1 MiB is read', async () => {
    jwks.setBody(paddedJwks([key], MIB - 16));
    expectUpdated(await update(stack, await bearer()));
  });

  it('a valid JWKS over 1 MiB counts as keys unavailable (503), and the keys verify once it is back under', async () => {
    jwks.setBody(paddedJwks([key], MIB + 1));
    const retryAfter = expectUnavailable(await update(stack, await bearer()));
    jwks.setBody(null);
    await sleep(retryAfter * 1000);
    expectUpdated(await update(stack, await bearer()));
  });

  it('a body that never ends: refused at once, not read past the cap', async () => {
    jwks.setBody('endless');
    const started = Date.now();
    expectUnavailable(await update(stack, await bearer()));
    // Well before the fetch's 5 s deadline: the read stopped at the cap...
    expect(Date.now() - started).toBeLessThan(3_000);
    // ...and the connection was closed: the server stops writing (what sits in socket buffers aside).
    const written = jwks.bytesSent();
    await sleep(300);
    expect(jwks.bytesSent()).toBe(written);
    expect(written).toBeLessThan(8 * MIB);
  });
});
