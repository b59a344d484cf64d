// The shared read cache (REDIS_URL) in the data source: only GETs answered 200 are stored, under a
// key of ours (method, URL, the credential's keyed hash), for the TTL, and served from it; updates
// are never looked up or stored, and forget the cached reads of the old and the new address.
// Without a read cache every call reaches the provider, whatever cache headers it sends.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator';
import { PROVIDERS } from '../../src/providers';
import { createHttpClient, type HttpClient, type SendRequest } from '../../src/providers/shared/http-client';
import { READ_CACHE_PREFIX } from '../../src/providers/shared/provider-data-source';
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
beforeEach(() => emulator.reset());

/** A provider that says its answers may be cached for a minute (nothing here reads that). */
const cacheableSend: SendRequest = async (request) => {
  const response = await http.send(request);
  return {
    ...response,
    header: (name) => (name.toLowerCase() === 'cache-control' ? 'max-age=60' : response.header(name)),
  };
};

/** An in-memory KeyValueCache that records what is written, read and deleted. */
function recordingCache() {
  const entries = new Map<string, string>();
  const writes: { key: string; value: string; options: KeyValueCacheSetOptions | undefined }[] = [];
  const reads: string[] = [];
  const deletes: string[] = [];
  const cache: KeyValueCache<string> = {
    get: async (key) => (reads.push(key), entries.get(key)),
    set: async (key, value, options) => void (writes.push({ key, value, options }), entries.set(key, value)),
    delete: async (key) => (deletes.push(key), entries.delete(key)),
  };
  return { cache, entries, writes, reads, deletes };
}

const CREDENTIAL_KEY = (credential: string) => `hash-of-${credential.length}`;

function source(provider: 'vertra' | 'blaxel', readCache?: ProviderSettings['readCache']) {
  const settings: ProviderSettings = {
    baseUrl: emulator.baseUrls[provider],
    credentials: { mode: 'service', token: emulator.token },
    send: cacheableSend,
    resilience: new ProviderResilience(loadConfig({}).upstream),
    readCache,
  };
  return PROVIDERS[provider].createDataSource(settings, emulator.token);
}

const ORG123 = { provider: 'vertra' as const, segments: ['org123'] };
const ORG123_KEY = () =>
  `${READ_CACHE_PREFIX}GET ${emulator.baseUrls.vertra}/workspaces/org123 hash-of-${emulator.token.length}`;

describe('without a shared read cache', () => {
  it('reads and updates reach the provider every time', async () => {
    const vertra = source('vertra');
    for (let i = 0; i < 2; i++) expect((await vertra.getWorkspace(ORG123)).ok).toBe(true);
    expect((await vertra.updateWorkspace(ORG123, { name: 'Org 123' }, 'vertra:org123')).ok).toBe(true);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PUT']);
  });
});

describe('with a shared read cache', () => {
  it('a read answered 200 is stored for the TTL under our key and served from it', async () => {
    const recorded = recordingCache();
    const vertra = source('vertra', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    const first = await vertra.getWorkspace(ORG123);
    const second = await vertra.getWorkspace(ORG123);
    expect(first.ok && first.value?.name).toBeTruthy();
    expect(second).toEqual(first);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET']);
    expect(recorded.writes).toEqual([{ key: ORG123_KEY(), value: expect.any(String), options: { ttl: 5 } }]);
    expect(recorded.reads).toEqual([ORG123_KEY(), ORG123_KEY()]);
    // Neither the key nor the value holds the credential.
    expect(JSON.stringify(recorded.writes)).not.toContain(emulator.token);
  });

  it('a read served from the cache by another data source with the same credential (another request)', async () => {
    const recorded = recordingCache();
    const readCache = { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY };
    await source('vertra', readCache).getWorkspace(ORG123);
    await source('vertra', readCache).getWorkspace(ORG123);
    expect(emulator.requests).toHaveLength(1);
  });

  it('other answers are not stored: a 404, a 503', async () => {
    const recorded = recordingCache();
    const vertra = source('vertra', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    expect(await vertra.getWorkspace({ provider: 'vertra', segments: ['nope'] })).toEqual({ ok: true, value: null });
    emulator.injectFault('vertra', { status: 503, times: 3 });
    expect((await vertra.getWorkspace(ORG123)).ok).toBe(false);
    expect(recorded.writes).toEqual([]);
  });

  it('an update is never looked up or stored, and forgets the cached read', async () => {
    const recorded = recordingCache();
    const vertra = source('vertra', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    await vertra.getWorkspace(ORG123);
    expect((await vertra.updateWorkspace(ORG123, { name: 'Org 123' }, 'vertra:org123')).ok).toBe(true);
    expect(recorded.writes).toHaveLength(1);
    expect(recorded.reads).toHaveLength(1);
    expect(recorded.deletes).toEqual([ORG123_KEY(), ORG123_KEY()]);
    expect(recorded.entries.size).toBe(0);
    await vertra.getWorkspace(ORG123);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('a rename forgets the cached reads of the old and the new address', async () => {
    const recorded = recordingCache();
    const blaxel = source('blaxel', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    const ref = { provider: 'blaxel' as const, segments: ['my-workspace'] };
    const renamed = await blaxel.updateWorkspace(ref, { name: 'my-renamed-workspace' }, 'blaxel:my-workspace');
    expect(renamed.ok && renamed.value.id).toBe('blaxel:my-renamed-workspace');
    const key = (path: string) =>
      `${READ_CACHE_PREFIX}GET ${emulator.baseUrls.blaxel}/workspaces/${path} hash-of-${emulator.token.length}`;
    expect(recorded.deletes).toEqual([key('my-workspace'), key('my-renamed-workspace')]);
  });
});
