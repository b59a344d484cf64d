// Upstream calls that the shared read cache does not serve (every update; every read when no
// REDIS_URL is set) skip RESTDataSource's HTTP cache entirely (no cache policy is even computed):
// even a provider answering with `Cache-Control: max-age` gets nothing written or read, and each
// call reaches the provider.
import { HTTPCache } from '@apollo/datasource-rest/dist/HTTPCache';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator';
import { PROVIDERS } from '../../src/providers';
import { createHttpClient, type HttpClient } from '../../src/providers/shared/http-client';
import type { ProviderSettings } from '../../src/providers/shared/provider-settings';
import { ProviderResilience } from '../../src/providers/shared/resilience';
import { loadConfig } from '../../src/server/config';

let emulator: Emulator;
let http: HttpClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  http = createHttpClient(loadConfig({}).upstream);
});
afterAll(async () => {
  await http?.close();
  await emulator?.close();
});
afterEach(() => vi.restoreAllMocks());

/** A provider that says its answers may be cached for a minute. */
const cacheableFetch: Fetcher = async (url, init) => {
  const response = await http.fetch(url, init);
  response.headers.set('cache-control', 'max-age=60');
  return response;
};

/** An in-memory KeyValueCache that records what is written and read. */
function recordingCache(): KeyValueCache<string> & { writes: string[]; reads: string[] } {
  const entries = new Map<string, string>();
  const writes: string[] = [];
  const reads: string[] = [];
  return {
    writes,
    reads,
    get: async (key) => (reads.push(key), entries.get(key)),
    set: async (key, value) => void (writes.push(key), entries.set(key, value)),
    delete: async (key) => entries.delete(key),
  };
}

function vertraSource(readCache?: ProviderSettings['readCache'], cache?: KeyValueCache<string>) {
  const config = loadConfig({});
  const settings = {
    baseUrl: emulator.baseUrls.vertra,
    credentials: { mode: 'service' as const, token: emulator.token },
    fetch: cacheableFetch,
    resilience: new ProviderResilience(config.upstream),
    readCache,
  };
  return PROVIDERS.vertra.createDataSource(settings, emulator.token, cache ? { cache } : {});
}

const ORG123 = { provider: 'vertra' as const, segments: ['org123'] };

describe('the HTTP cache only where a shared read cache is configured', () => {
  it('without one: reads and updates reach the provider every time, nothing is cached', async () => {
    emulator.clearRequests();
    const httpCacheFetch = vi.spyOn(HTTPCache.prototype, 'fetch');
    const cache = recordingCache();
    const source = vertraSource(undefined, cache);
    for (let i = 0; i < 2; i++) expect((await source.getWorkspace(ORG123)).ok).toBe(true);
    expect((await source.updateWorkspace(ORG123, { name: 'Org 123' }, 'vertra:org123')).ok).toBe(true);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PUT']);
    expect(cache.writes).toEqual([]);
    expect(cache.reads).toEqual([]);
    expect(httpCacheFetch).not.toHaveBeenCalled();
  });

  it('with one: a read is cached for its TTL and served from it; an update is never looked up or stored', async () => {
    emulator.clearRequests();
    const httpCacheFetch = vi.spyOn(HTTPCache.prototype, 'fetch');
    const cache = recordingCache();
    const source = vertraSource({
      cache,
      ttlSeconds: 5,
      credentialKey: (credential) => `hash-of-${credential.length}`,
    });
    for (let i = 0; i < 2; i++) expect((await source.getWorkspace(ORG123)).ok).toBe(true);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET']);
    expect(cache.writes).toHaveLength(1);
    const readsBeforeUpdate = cache.reads.length;
    expect((await source.updateWorkspace(ORG123, { name: 'Org 123' }, 'vertra:org123')).ok).toBe(true);
    expect(cache.writes).toHaveLength(1);
    expect(cache.reads).toHaveLength(readsBeforeUpdate);
    // Only the two reads went through the HTTP cache.
    expect(httpCacheFetch).toHaveBeenCalledTimes(2);
  });
});
