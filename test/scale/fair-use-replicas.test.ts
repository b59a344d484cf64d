// Two subgraph processes behind one Redis (Debian's redis-server) and one emulator, AUTH_MODE=jwt
// with tenant credentials: a tenant's TENANT_WRITE_RATE share and a provider's 429 wait are held in
// Redis, so what one replica has counted or been told to wait applies to the other too (with state
// kept per process, the third write and the write after the 429 would both reach the emulator).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { startEmulator, type Emulator } from '../../src/emulator';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { envName, providerAt } from '../providers';
import { startRedis, startSubgraphProcess, type SubgraphProcess } from '../support/processes';

/** The provider on the tenant's credentials whose writes are counted and held (any). */
const P = providerAt(0);

const UPDATE =
  'mutation One($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename ... on WorkspaceRateLimitedError { retryAfterSeconds message } ... on UpdateWorkspaceSuccess { workspace { id } } } }';

interface UpdateResult {
  __typename: string;
  retryAfterSeconds?: number | null;
  message?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const writes = (emulator: Emulator) => emulator.requests.filter((r) => r.method !== 'GET');

/** The keys in this Redis under `pattern` (redis-cli ships with redis-server). */
async function redisKeys(url: string, pattern: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('redis-cli', ['-u', url, '--scan', '--pattern', pattern]);
  return stdout.split('\n').filter(Boolean);
}

/** An emulator, a Redis, a JWKS and two subgraph processes sharing them, with `extraEnv`. */
function twoReplicas(extraEnv: Record<string, string>) {
  const state = {} as {
    emulator: Emulator;
    redis: { url: string; stop(): Promise<void> };
    jwks: JwksServer;
    key: TestKey;
    a: SubgraphProcess;
    b: SubgraphProcess;
  };

  beforeAll(async () => {
    state.key = await makeKey('RS256');
    [state.emulator, state.redis, state.jwks] = await Promise.all([
      startEmulator(),
      startRedis(),
      serveJwks([state.key]),
    ]);
    const env = {
      REDIS_URL: state.redis.url,
      CACHE_KEY_SECRET: 'fair-use-replicas-test-secret',
      BREAKER_THRESHOLD: '1000000',
      UPSTREAM_RETRY_AFTER_CAP_MS: '10',
      ...jwtEnv(state.jwks),
      [envName(P, 'CREDENTIALS')]: 'tenant',
      TENANT_CREDENTIALS_FILE: 'examples/tenant-credentials.json',
      ...Object.fromEntries(
        PROVIDER_NAMES.flatMap((p) => [
          [`${p.toUpperCase()}_BASE_URL`, state.emulator.baseUrls[p]],
          [`${p.toUpperCase()}_API_TOKEN`, state.emulator.token],
        ]),
      ),
      ...extraEnv,
    };
    [state.a, state.b] = await Promise.all([startSubgraphProcess(env), startSubgraphProcess(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([state.a?.stop(), state.b?.stop()]);
    await Promise.all([state.redis?.stop(), state.jwks?.close(), state.emulator?.close()]);
  });

  const update = async (replica: SubgraphProcess, tenant: string, input: Record<string, unknown>) => {
    const token = await signToken({
      key: state.key,
      claims: { sub: `${tenant}-ops`, tenant, scope: 'workspaces:read workspaces:write' },
    });
    const response = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: UPDATE, variables: { input } }),
    });
    const body = (await response.json()) as { data?: { updateWorkspace: UpdateResult }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!.updateWorkspace;
  };

  return { state, update };
}

describe('TENANT_WRITE_RATE shared by two replicas through Redis', () => {
  const { state, update } = twoReplicas({ TENANT_WRITE_RATE: '2' });

  it('one write through A and one through B use up the share: the third, through either, is WorkspaceRateLimitedError, unsent', async () => {
    // The window is the wall-clock minute: do not straddle its end.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 5_000) await sleep(left + 200);
    state.emulator.clearRequests();

    expect(await update(state.a, 'acme', { id: P.writable.id, ...P.change(1) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
    expect(await update(state.b, 'acme', { id: P.writable.id, ...P.change(2) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
    expect(writes(state.emulator)).toHaveLength(2);

    for (const replica of [state.a, state.b]) {
      const third = await update(replica, 'acme', { id: P.writable.id, ...P.change(3) });
      expect(third).toMatchObject({ __typename: 'WorkspaceRateLimitedError' });
      expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(writes(state.emulator)).toHaveLength(2);
    expect(await redisKeys(state.redis.url, 'workspace-subgraph:fair-use:share:*')).not.toHaveLength(0);

    // Another tenant has a share of its own.
    expect(await update(state.a, 'globex', { id: P.otherWritable.id, ...P.change(4) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
    expect(writes(state.emulator)).toHaveLength(3);
  }, 30_000);
});

describe("a provider's 429 wait shared by two replicas through Redis", () => {
  const { state, update } = twoReplicas({});

  it('after a 429 with Retry-After: 30 answered to A, B answers writes with that credential at once; others go on', async () => {
    state.emulator.clearRequests();
    state.emulator.injectFault(P.provider, {
      status: 429,
      body: P.rateLimit.body,
      headers: { 'retry-after': '30' },
    });
    expect(await update(state.a, 'acme', { id: P.writable.id, ...P.change(1) })).toMatchObject({
      __typename: 'WorkspaceRateLimitedError',
      retryAfterSeconds: 30,
    });
    expect(writes(state.emulator)).toHaveLength(1);
    expect(await redisKeys(state.redis.url, 'workspace-subgraph:fair-use:wait:*')).not.toHaveLength(0);

    const held = await update(state.b, 'acme', { id: P.writable.id, ...P.change(2) });
    expect(held).toMatchObject({ __typename: 'WorkspaceRateLimitedError' });
    expect(held.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(held.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(writes(state.emulator)).toHaveLength(1);

    // globex calls the provider with its own credential: not held, on either replica.
    expect(await update(state.b, 'globex', { id: P.otherWritable.id, ...P.change(4) })).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
    });
    expect(writes(state.emulator)).toHaveLength(2);
  });
});
