// The shared read cache (REDIS_URL) in the data source: only GETs answered 200 are stored, under a
// key of ours (method, URL, the URL's read version, the credential's keyed hash), for the TTL, and
// served from it; updates are never looked up or stored, and write a new read version of the old
// and the new address, so no credential's cached read of them is served again.
// Without a read cache every call reaches the provider, whatever cache headers it sends.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator';
import { PROVIDERS } from '../../src/providers';
import { createHttpClient, type HttpClient, type SendRequest } from '../../src/providers/shared/http-client';
import { READ_CACHE_PREFIX, READ_VERSION_PREFIX } from '../../src/providers/shared/provider-data-source';
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

const calls = () => emulator.requests.map((r) => r.method);

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

function source(
  provider: 'vertra' | 'blaxel',
  readCache?: ProviderSettings['readCache'],
  credential: string = emulator.token,
) {
  const settings: ProviderSettings = {
    baseUrl: emulator.baseUrls[provider],
    credentials: { mode: 'service', token: emulator.token },
    send: cacheableSend,
    resilience: new ProviderResilience(loadConfig({}).upstream),
    readCache,
  };
  return PROVIDERS[provider].createDataSource(settings, credential);
}

const ORG123 = { provider: 'vertra' as const, segments: ['org123'] };
const ORG123_URL = () => `${emulator.baseUrls.vertra}/workspaces/org123`;
const ORG123_VERSION_KEY = () => `${READ_VERSION_PREFIX}${ORG123_URL()}`;
/** The key of a cached read of org123 under `version`, for a credential of `length` characters. */
const ORG123_KEY = (version: string, length = emulator.token.length) =>
  `${READ_CACHE_PREFIX}GET ${ORG123_URL()} ${version} hash-of-${length}`;

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
    // No update has written a read version of the URL yet: version 0.
    expect(recorded.writes).toEqual([{ key: ORG123_KEY('0'), value: expect.any(String), options: { ttl: 5 } }]);
    // One extra cache GET per read: the URL's read version, then the entry.
    expect(recorded.reads).toEqual([ORG123_VERSION_KEY(), ORG123_KEY('0'), ORG123_VERSION_KEY(), ORG123_KEY('0')]);
    // Neither the keys nor the values hold the credential.
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

  it('an update is never looked up or stored, and writes one new read version (one cache SET)', async () => {
    const recorded = recordingCache();
    const vertra = source('vertra', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    await vertra.getWorkspace(ORG123);
    const [reads, writes] = [recorded.reads.length, recorded.writes.length];
    expect((await vertra.updateWorkspace(ORG123, { name: 'Org 123' }, 'vertra:org123')).ok).toBe(true);
    expect(recorded.reads).toHaveLength(reads);
    const version = recorded.entries.get(ORG123_VERSION_KEY()) as string;
    expect(version).toMatch(/^[\w-]{16}$/);
    // Kept longer than any entry read before the update: a day past the read TTL.
    expect(recorded.writes.slice(writes)).toEqual([
      { key: ORG123_VERSION_KEY(), value: version, options: { ttl: 5 + 86_400 } },
    ]);
    expect(recorded.deletes).toEqual([]);
    // The entry read before is still there (it expires by its TTL) but is never served again.
    expect(recorded.entries.has(ORG123_KEY('0'))).toBe(true);
    await vertra.getWorkspace(ORG123);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(recorded.writes.at(-1)?.key).toBe(ORG123_KEY(version));
  });

  it("an update through one credential: another credential's cached read is not served again", async () => {
    const recorded = recordingCache();
    const readCache = { cache: recorded.cache, ttlSeconds: 60, credentialKey: (c: string) => `hash-of-${c}` };
    // The emulator's main token and acme's tenant token both see org123.
    const mine = source('vertra', readCache);
    const theirs = source('vertra', readCache, 'acme-vertra-token');
    const name = async () => {
      const read = await theirs.getWorkspace(ORG123);
      return read.ok ? read.value?.name : undefined;
    };
    const original = await name();
    expect(await name()).toBe(original);
    expect(emulator.requests).toHaveLength(1);
    expect((await mine.updateWorkspace(ORG123, { name: 'renamed-by-another' }, 'vertra:org123')).ok).toBe(true);
    expect(await name()).toBe('renamed-by-another');
    expect(calls()).toEqual(['GET', 'PUT', 'GET']);
  });

  it('an update that may have been made (a 5xx) writes a new version too; a refused one (a 4xx) need not', async () => {
    const recorded = recordingCache();
    const vertra = source('vertra', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    await vertra.getWorkspace(ORG123);
    const version = () => recorded.entries.get(ORG123_VERSION_KEY());
    emulator.injectFault('vertra', { status: 400, body: { code: 'NAME_TOO_LONG' } });
    expect((await vertra.updateWorkspace(ORG123, { name: 'x' }, 'vertra:org123')).ok).toBe(false);
    expect(version()).toBeUndefined();
    emulator.injectFault('vertra', { status: 500, body: { code: 'INTERNAL_ERROR' } });
    expect((await vertra.updateWorkspace(ORG123, { name: 'x' }, 'vertra:org123')).ok).toBe(false);
    expect(version()).toEqual(expect.any(String));
  });

  it('a rename writes new read versions of the old and the new address', async () => {
    const recorded = recordingCache();
    const blaxel = source('blaxel', { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    const ref = { provider: 'blaxel' as const, segments: ['my-workspace'] };
    const renamed = await blaxel.updateWorkspace(ref, { name: 'my-renamed-workspace' }, 'blaxel:my-workspace');
    expect(renamed.ok && renamed.value.id).toBe('blaxel:my-renamed-workspace');
    const key = (path: string) => `${READ_VERSION_PREFIX}${emulator.baseUrls.blaxel}/workspaces/${path}`;
    expect(recorded.writes.map((w) => w.key)).toEqual([key('my-workspace'), key('my-renamed-workspace')]);
    expect(recorded.deletes).toEqual([]);
  });
});
