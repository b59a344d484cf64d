import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { EMULATOR_TENANTS, startEmulator, type Emulator } from '../../src/emulator';
import { envName, providerAt } from '../providers';
import { startRedis, startSubgraphProcess, type SubgraphProcess } from '../support/processes';

/**
 * Two subgraph processes behind one Redis (Debian's redis-server) and one emulator: what one
 * replica caches, the other serves; what one updates, the other sees, whichever credential read
 * it (one provider is called with the caller's own token here).
 */
const [CACHED, CALLERS, PERSISTED] = [providerAt(0), providerAt(1), providerAt(2)];
let emulator: Emulator;
let redis: { url: string; stop(): Promise<void> };
let replicaA: SubgraphProcess;
let replicaB: SubgraphProcess;

beforeAll(async () => {
  emulator = await startEmulator();
  redis = await startRedis();
  const env = {
    REDIS_URL: redis.url,
    READ_CACHE_TTL_SECONDS: '30',
    [envName(CALLERS, 'CREDENTIALS')]: 'caller',
    ...Object.fromEntries(
      PROVIDER_NAMES.flatMap((p) => [
        [`${p.toUpperCase()}_BASE_URL`, emulator.baseUrls[p]],
        [`${p.toUpperCase()}_API_TOKEN`, emulator.token],
      ]),
    ),
  };
  [replicaA, replicaB] = await Promise.all([startSubgraphProcess(env), startSubgraphProcess(env)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await redis?.stop();
  await emulator?.close();
});

beforeEach(() => emulator.clearRequests());

async function graphql(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const FIELDS = 'id name displayName description';
const READ = `{ workspace(id: ${JSON.stringify(CACHED.otherWritable.id)}) { ${FIELDS} } }`;
const gets = () =>
  emulator.requests.filter(
    (r) => r.provider === CACHED.provider && r.method === 'GET' && r.path === CACHED.otherWritable.path,
  ).length;
const UPDATE = 'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename } }';

/**
 * A replica answers a read without waiting for its write to Redis (read-cache.ts: the answer does
 * not depend on it), so a read sent to the other replica at once may come before the entry does:
 * what "served from the other replica" is checked after, the moment that write takes on loopback.
 */
const cacheWritten = () => new Promise<void>((resolve) => setTimeout(resolve, 100));

describe('two replicas sharing Redis', () => {
  it('serves a read cached by one replica from the other, without calling the provider again', async () => {
    const first = await graphql(replicaA.url, { query: READ });
    expect(first.data).toMatchObject({
      workspace: { id: CACHED.otherWritable.id, name: CACHED.otherWritable.name },
    });
    expect(gets()).toBe(1);
    await cacheWritten();

    const second = await graphql(replicaB.url, { query: READ });
    expect(second.data).toEqual(first.data);
    expect(gets()).toBe(1);
  });

  it('invalidates on update: an update through one replica is seen by the other', async () => {
    await graphql(replicaB.url, { query: READ }); // cached (or already cached)
    const change = CACHED.change(1);
    const update = await graphql(replicaA.url, {
      query: UPDATE,
      variables: { input: { id: CACHED.otherWritable.id, ...change } },
    });
    expect(update.data).toEqual({ updateWorkspace: { __typename: 'UpdateWorkspaceSuccess' } });

    const seen = await graphql(replicaB.url, { query: READ });
    expect(seen.data).toMatchObject({ workspace: { id: CACHED.otherWritable.id, ...change } });
  });

  it("invalidates every credential's cached reads: an update with one token, through one replica, is seen with another token through either", async () => {
    const change = CALLERS.change(2);
    const [field, value] = Object.entries(change)[0] as [keyof typeof change, string];
    const query = `{ workspace(id: ${JSON.stringify(CALLERS.writable.id)}) { ${field} } }`;
    const mine = { [CALLERS.tokenHeader]: emulator.token };
    const theirs = { [CALLERS.tokenHeader]: EMULATOR_TENANTS.acme.tokens[CALLERS.provider] };
    const valueOf = async (url: string, headers: Record<string, string>) => {
      const response = await graphql(url, { query }, headers);
      expect(response.errors).toBeUndefined();
      return (response.data?.['workspace'] as Record<string, string | null>)[field];
    };
    const callerGets = () =>
      emulator.requests.filter((r) => r.provider === CALLERS.provider && r.method === 'GET').length;
    const before = await valueOf(replicaB.url, theirs);
    await cacheWritten();
    expect(await valueOf(replicaA.url, theirs)).toBe(before);
    expect(await valueOf(replicaA.url, mine)).toBe(before);
    await cacheWritten();
    expect(await valueOf(replicaB.url, mine)).toBe(before);
    // One GET per credential; the other replica served each from Redis.
    expect(callerGets()).toBe(2);
    expect(before).not.toBe(value);

    const update = await graphql(
      replicaA.url,
      { query: UPDATE, variables: { input: { id: CALLERS.writable.id, ...change } } },
      mine,
    );
    expect(update.data).toEqual({ updateWorkspace: { __typename: 'UpdateWorkspaceSuccess' } });
    expect(await valueOf(replicaB.url, theirs)).toBe(value);
    expect(await valueOf(replicaA.url, theirs)).toBe(value);
    expect(await valueOf(replicaB.url, mine)).toBe(value);
  });

  it('shares automatic persisted queries: registered through one, run by hash through the other', async () => {
    const query = `{ workspace(id: ${JSON.stringify(PERSISTED.writable.id)}) { id name } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };

    const unknown = await graphql(replicaB.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await graphql(replicaA.url, { query, extensions });
    expect(registered.data).toEqual({ workspace: { id: PERSISTED.writable.id, name: PERSISTED.writable.name } });
    const byHash = await graphql(replicaB.url, { extensions });
    expect(byHash.data).toEqual(registered.data);
  });
});
