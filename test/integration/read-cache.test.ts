// The shared read cache (REDIS_URL) in the data source: only GETs answered 200 are stored, under a
// key of ours (method, URL, the URL's read version, the credential's keyed hash), for the TTL, and
// served from it; updates are never looked up or stored, and write a new read version of the old
// and the new address, so no credential's cached read of them is served again.
// Without a read cache every call reaches the provider, whatever cache headers it sends.
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_TENANTS, startEmulator, type Emulator } from '../../src/emulator';
import type { WorkspaceRef } from '../../src/domain/global-id';
import { PROVIDERS } from '../../src/providers';
import { createHttpClient, type HttpClient, type SendRequest } from '../../src/providers/shared/http-client';
import { READ_CACHE_PREFIX, READ_VERSION_PREFIX } from '../../src/providers/shared/provider-data-source';
import type { ProviderSettings } from '../../src/providers/shared/provider-settings';
import { ProviderResilience } from '../../src/providers/shared/resilience';
import { loadConfig } from '../../src/server/config/config';
import { idLike, pathOfId, providerWith, referenceOf, type ProviderFixture } from '../providers';

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
  { provider }: ProviderFixture,
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

/** A provider whose updates keep the id (no rename changes it), and its writable seed. */
const P = providerWith('whose updates keep the id', (f) => f.cases.renames.every((r) => r.id === r.input.id));
const refOf = (id: string): WorkspaceRef => ({ provider: P.provider, segments: referenceOf(id).split('/') });
const SEED = refOf(P.writable.id);
const SEED_URL = () => `${emulator.baseUrls[P.provider]}${P.writable.path}`;
const SEED_VERSION_KEY = () => `${READ_VERSION_PREFIX}${SEED_URL()}`;
/** The key of a cached read of the seed under `version`, for a credential of `length` characters. */
const SEED_KEY = (version: string, length = emulator.token.length) =>
  `${READ_CACHE_PREFIX}GET ${SEED_URL()} ${version} hash-of-${length}`;

describe('without a shared read cache', () => {
  it('reads and updates reach the provider every time', async () => {
    const data = source(P);
    for (let i = 0; i < 2; i++) expect((await data.getWorkspace(SEED)).ok).toBe(true);
    expect((await data.updateWorkspace(SEED, P.change(1), P.writable.id)).ok).toBe(true);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', 'GET', P.updateMethod]);
  });
});

describe('with a shared read cache', () => {
  it('a read answered 200 is stored for the TTL under our key and served from it', async () => {
    const recorded = recordingCache();
    const data = source(P, { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    const first = await data.getWorkspace(SEED);
    const second = await data.getWorkspace(SEED);
    expect(first.ok && first.value?.name).toBeTruthy();
    expect(second).toEqual(first);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET']);
    // No update has written a read version of the URL yet: version 0.
    expect(recorded.writes).toEqual([{ key: SEED_KEY('0'), value: expect.any(String), options: { ttl: 5 } }]);
    // One extra cache GET per read: the URL's read version, then the entry.
    expect(recorded.reads).toEqual([SEED_VERSION_KEY(), SEED_KEY('0'), SEED_VERSION_KEY(), SEED_KEY('0')]);
    // Neither the keys nor the values hold the credential.
    expect(JSON.stringify(recorded.writes)).not.toContain(emulator.token);
  });

  it('a read served from the cache by another data source with the same credential (another request)', async () => {
    const recorded = recordingCache();
    const readCache = { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY };
    await source(P, readCache).getWorkspace(SEED);
    await source(P, readCache).getWorkspace(SEED);
    expect(emulator.requests).toHaveLength(1);
  });

  it('other answers are not stored: a 404, a 503', async () => {
    const recorded = recordingCache();
    const data = source(P, { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    expect(await data.getWorkspace(refOf(idLike(P, 'nope')))).toEqual({ ok: true, value: null });
    emulator.injectFault(P.provider, { status: 503, times: 3 });
    expect((await data.getWorkspace(SEED)).ok).toBe(false);
    expect(recorded.writes).toEqual([]);
  });

  it('an update is never looked up or stored, and writes one new read version (one cache SET)', async () => {
    const recorded = recordingCache();
    const data = source(P, { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    await data.getWorkspace(SEED);
    const [reads, writes] = [recorded.reads.length, recorded.writes.length];
    expect((await data.updateWorkspace(SEED, P.change(1), P.writable.id)).ok).toBe(true);
    expect(recorded.reads).toHaveLength(reads);
    const version = recorded.entries.get(SEED_VERSION_KEY()) as string;
    expect(version).toMatch(/^[\w-]{16}$/);
    // Kept longer than any entry read before the update: a day past the read TTL.
    expect(recorded.writes.slice(writes)).toEqual([
      { key: SEED_VERSION_KEY(), value: version, options: { ttl: 5 + 86_400 } },
    ]);
    expect(recorded.deletes).toEqual([]);
    // The entry read before is still there (it expires by its TTL) but is never served again.
    expect(recorded.entries.has(SEED_KEY('0'))).toBe(true);
    await data.getWorkspace(SEED);
    expect(emulator.requests.map((r) => r.method)).toEqual(['GET', P.updateMethod, 'GET']);
    expect(recorded.writes.at(-1)?.key).toBe(SEED_KEY(version));
  });

  it("an update through one credential: another credential's cached read is not served again", async () => {
    const recorded = recordingCache();
    const readCache = { cache: recorded.cache, ttlSeconds: 60, credentialKey: (c: string) => `hash-of-${c}` };
    // The emulator's main token and acme's tenant token both see the seed.
    const mine = source(P, readCache);
    const theirs = source(P, readCache, EMULATOR_TENANTS.acme.tokens[P.provider]);
    const change = P.change(9);
    const [field, value] = Object.entries(change)[0] as [keyof typeof change, string];
    const seen = async () => {
      const read = await theirs.getWorkspace(SEED);
      return read.ok ? read.value?.[field] : undefined;
    };
    const original = await seen();
    expect(await seen()).toBe(original);
    expect(original).not.toBe(value);
    expect(emulator.requests).toHaveLength(1);
    expect((await mine.updateWorkspace(SEED, change, P.writable.id)).ok).toBe(true);
    expect(await seen()).toBe(value);
    expect(calls()).toEqual(['GET', P.updateMethod, 'GET']);
  });

  it('an update that may have been made (a 5xx) writes a new version too; a refused one (a 4xx) need not', async () => {
    const recorded = recordingCache();
    const data = source(P, { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    await data.getWorkspace(SEED);
    const version = () => recorded.entries.get(SEED_VERSION_KEY());
    emulator.injectFault(P.provider, P.invalid('refused'));
    expect((await data.updateWorkspace(SEED, P.change(1), P.writable.id)).ok).toBe(false);
    expect(version()).toBeUndefined();
    emulator.injectFault(P.provider, { status: 500, body: P.serverError().body });
    expect((await data.updateWorkspace(SEED, P.change(1), P.writable.id)).ok).toBe(false);
    expect(version()).toEqual(expect.any(String));
  });

  it('a rename that changes the id writes new read versions of the old and the new address', async () => {
    const R = providerWith('whose rename changes the id', (f) => f.cases.renames.some((r) => r.id !== r.input.id));
    const rename = R.cases.renames.find((r) => r.id !== r.input.id);
    if (!rename) throw new Error('no rename');
    const patch = Object.fromEntries(Object.entries(rename.input).filter(([field]) => field !== 'id'));
    const recorded = recordingCache();
    const data = source(R, { cache: recorded.cache, ttlSeconds: 5, credentialKey: CREDENTIAL_KEY });
    const ref: WorkspaceRef = { provider: R.provider, segments: referenceOf(rename.input.id).split('/') };
    const renamed = await data.updateWorkspace(ref, patch, rename.input.id);
    expect(renamed.ok && renamed.value.id).toBe(rename.id);
    const key = (id: string) => `${READ_VERSION_PREFIX}${emulator.baseUrls[R.provider]}${pathOfId(R, id)}`;
    expect(recorded.writes.map((w) => w.key)).toEqual([key(rename.input.id), key(rename.id)]);
    expect(recorded.deletes).toEqual([]);
  });
});
