import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { randomBytes } from 'node:crypto';
import type { CallAnswer, CallCredential, CallLayer, CallRequest, CallResult } from '../../provider-calls/types';

/** A cache shared by replicas (Redis) for provider GETs answered 200; updates make their entries unreachable. */
export interface SharedReadCache {
  cache: KeyValueCache<string>;
  ttlSeconds: number;
  /** A keyed hash of the credential: each cache entry is served only to the same credential. */
  credentialKey(credential: string): string;
}

/**
 * The shared read cache's keys for provider GETs start with this; the rest is the method, the
 * URL, the URL's read version and the credential's keyed hash (never the credential).
 */
export const READ_CACHE_PREFIX = 'provider-read:';

/**
 * The read version of a URL is kept under this prefix and the URL (no credential). Every cached
 * read of the URL is keyed with it, whatever its credential; an update writes a new one, so the
 * reads cached before it, with any credential, by any replica, are never served again (they
 * expire by their TTL).
 */
export const READ_VERSION_PREFIX = 'provider-read-version:';

/** The read version of a URL no update has written one for (or whose version expired). */
const FIRST_READ_VERSION = '0';

/**
 * How long a read version is kept past the read TTL. It must outlive every entry cached under the
 * version it replaced, read before the update but stored after it (a read lasts at most the
 * request deadline): when it expires, the URL's reads use FIRST_READ_VERSION again.
 */
const READ_VERSION_EXTRA_TTL_SECONDS = 86_400;

/**
 * The outermost layer of a provider call: a GET is answered from the shared cache when it holds
 * one for this URL, read version and credential (then nothing else runs: no span, no breaker, no
 * attempt), and a GET answered 200 is kept there for the TTL. A `fresh` GET is never answered
 * from it (it still refreshes it). Updates are never looked up nor
 * stored (the data source invalidates after them: `forgetReads`).
 */
export function readCacheLayer(readCache: SharedReadCache): CallLayer {
  /** The credential's keyed hash, once per data source (the credential object is one per data source). */
  const credentialKeys = new WeakMap<CallCredential, string>();
  const credentialKeyOf = (credential: CallCredential): string => {
    let key = credentialKeys.get(credential);
    if (key === undefined) {
      key = readCache.credentialKey(credential.token);
      credentialKeys.set(credential, key);
    }
    return key;
  };
  return (next) => {
    const cachedRead = async (request: CallRequest): Promise<CallResult> => {
      const key = await readCacheKey(readCache, request.url, credentialKeyOf(request.credential));
      const cached = request.fresh ? undefined : await readCache.cache.get(key).catch(() => undefined);
      if (cached !== undefined) return cachedAnswer(cached);
      const result = await next(request);
      if ('status' in result && result.status === 200) {
        // Not waited for: the answer does not depend on it. The Redis adapter logs its own
        // failures and resolves (server/wiring/shared-cache.ts); any other cache's are ignored.
        void readCache.cache.set(key, result.text, { ttl: readCache.ttlSeconds }).catch(() => undefined);
      }
      return result;
    };
    return (request) => (request.method === 'GET' ? cachedRead(request) : next(request));
  };
}

/**
 * The cache key of a GET of `url`: the URL's read version (one cache GET per read), then the
 * credential (as a keyed hash): a response read with one tenant's or caller's token is never
 * served to a request that uses another, and an update, whoever made it, makes every
 * credential's entries unreachable.
 */
async function readCacheKey(readCache: SharedReadCache, url: string, credentialKey: string): Promise<string> {
  const version = (await readCache.cache.get(readVersionKey(url)).catch(() => undefined)) ?? FIRST_READ_VERSION;
  return `${READ_CACHE_PREFIX}GET ${url} ${version} ${credentialKey}`;
}

/**
 * After an update, every cached GET of these URLs is stale, whichever credential read it: one
 * new read version per URL (one cache SET each), waited for, so that a read that follows the
 * update's answer finds it.
 */
export async function forgetReads(readCache: SharedReadCache, urls: ReadonlySet<string>): Promise<void> {
  const ttl = readCache.ttlSeconds + READ_VERSION_EXTRA_TTL_SECONDS;
  await Promise.all(
    [...urls].map((url) => readCache.cache.set(readVersionKey(url), newReadVersion(), { ttl }).catch(() => undefined)),
  );
}

/** A cached answer keeps only its body: its headers are never read (only 200s are cached). */
function cachedAnswer(text: string): CallAnswer {
  return { status: 200, header: noHeader, text };
}

const noHeader = (): null => null;

/** A new read version: random, so two replicas' updates never write the same one. */
function newReadVersion(): string {
  return randomBytes(12).toString('base64url');
}

function readVersionKey(url: string): string {
  return `${READ_VERSION_PREFIX}${url}`;
}
