import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { EMULATOR_TENANTS, startEmulator, type Emulator } from '../../src/emulator';
import { startRedis, startSubgraphProcess, type SubgraphProcess } from '../support/processes';

/**
 * Two subgraph processes behind one Redis (Debian's redis-server) and one emulator: what one
 * replica caches, the other serves; what one updates, the other sees, whichever credential read
 * it (Dreadnode is called with the caller's own token here).
 */
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
    DREADNODE_CREDENTIALS: 'caller',
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

const READ = '{ workspace(id: "vertra:org456") { id name } }';
const gets = () => emulator.requests.filter((r) => r.method === 'GET' && r.path === '/workspaces/org456').length;

describe('two replicas sharing Redis', () => {
  it('serves a read cached by one replica from the other, without calling the provider again', async () => {
    const first = await graphql(replicaA.url, { query: READ });
    expect(first.data).toEqual({ workspace: { id: 'vertra:org456', name: 'analytics' } });
    expect(gets()).toBe(1);

    const second = await graphql(replicaB.url, { query: READ });
    expect(second.data).toEqual(first.data);
    expect(gets()).toBe(1);
  });

  it('invalidates on update: an update through one replica is seen by the other', async () => {
    await graphql(replicaB.url, { query: READ }); // cached (or already cached)
    const update = await graphql(replicaA.url, {
      query: 'mutation { updateWorkspace(input: {id: "vertra:org456", name: "renamed-by-a"}) { __typename } }',
    });
    expect(update.data).toEqual({ updateWorkspace: { __typename: 'UpdateWorkspaceSuccess' } });

    const seen = await graphql(replicaB.url, { query: READ });
    expect(seen.data).toEqual({ workspace: { id: 'vertra:org456', name: 'renamed-by-a' } });
  });

  it("invalidates every credential's cached reads: an update with one token, through one replica, is seen with another token through either", async () => {
    const query = '{ workspace(id: "dreadnode:acme/research") { description } }';
    const mine = { 'x-dreadnode-token': emulator.token };
    const theirs = { 'x-dreadnode-token': EMULATOR_TENANTS.acme.tokens.dreadnode };
    const description = async (url: string, headers: Record<string, string>) => {
      const response = await graphql(url, { query }, headers);
      expect(response.errors).toBeUndefined();
      return (response.data?.['workspace'] as { description: string | null }).description;
    };
    const dreadnodeGets = () =>
      emulator.requests.filter((r) => r.provider === 'dreadnode' && r.method === 'GET').length;
    const before = await description(replicaB.url, theirs);
    expect(await description(replicaA.url, theirs)).toBe(before);
    expect(await description(replicaA.url, mine)).toBe(before);
    expect(await description(replicaB.url, mine)).toBe(before);
    // One GET per credential; the other replica served each from Redis.
    expect(dreadnodeGets()).toBe(2);

    const update = await graphql(
      replicaA.url,
      {
        query:
          'mutation { updateWorkspace(input: {id: "dreadnode:acme/research", description: "changed through a"}) { __typename } }',
      },
      mine,
    );
    expect(update.data).toEqual({ updateWorkspace: { __typename: 'UpdateWorkspaceSuccess' } });
    expect(await description(replicaB.url, theirs)).toBe('changed through a');
    expect(await description(replicaA.url, theirs)).toBe('changed through a');
    expect(await description(replicaB.url, mine)).toBe('changed through a');
  });

  it('shares automatic persisted queries: registered through one, run by hash through the other', async () => {
    const query = '{ workspace(id: "altostrat:ws_a1b2c3d4e5f6g7h8") { id name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };

    const unknown = await graphql(replicaB.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await graphql(replicaA.url, { query, extensions });
    expect(registered.data).toEqual({ workspace: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'ACME Corporation' } });
    const byHash = await graphql(replicaB.url, { extensions });
    expect(byHash.data).toEqual(registered.data);
  });
});
