import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The keys tokens are verified with: `getKey` for jose's jwtVerify. */
export type KeySet = JWTVerifyGetKey;

/** The largest JWKS response read (1 MiB, as provider responses): a larger one counts as a failed fetch. */
export const MAX_JWKS_BYTES = 1024 * 1024;

/**
 * No key can be trusted: the JWKS endpoint could not be fetched (unreachable, timed out, an error
 * status, a body over the size cap or not a JWKS) and no keys fetched earlier are still trusted.
 * Not the token's fault: the caller is told to retry (HTTP 503), not to throw its token away.
 */
export class JwksUnavailable extends errors.JWKSInvalid {
  /** How long until the endpoint is asked again, in ms (at least 0). */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }
}

/** A JWKS file (e.g. a mounted secret), read once at start. */
export function keySetFromFile(path: string): KeySet {
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(readFileSync(path, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`AUTH_JWKS_FILE could not be read as JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(jwks.keys)) throw new Error('AUTH_JWKS_FILE is not a JWKS: it has no "keys" array');
  return createLocalJWKSet(jwks);
}

export interface RemoteKeySetOptions {
  /** Keys older than this are fetched again, in the background: the cached ones serve meanwhile. Default 10 minutes. */
  maxAgeMs?: number;
  /** Keys older than this are no longer trusted: tokens are refused until a fetch succeeds. Default 24 hours. */
  maxStaleMs?: number;
  /**
   * After a failed fetch, none is tried for a while (requests do not queue up on a failing IdP):
   * firstRetryAfterFailureMs after the first failure, twice as long after each further one in a
   * row, at most retryAfterFailureMs. Defaults 1 s and 30 s.
   */
  firstRetryAfterFailureMs?: number;
  retryAfterFailureMs?: number;
  /** Refetches for an unknown `kid`: at most this many at once (a burst), default 5 ... */
  unknownKidBurst?: number;
  /** ... and one more every this many ms, default 12 s (5 a minute). */
  unknownKidRefillMs?: number;
  /** Deadline of one fetch, body included, default 5 s. */
  timeoutMs?: number;
  /** The largest response body read, default MAX_JWKS_BYTES (1 MiB). */
  maxBytes?: number;
  /** Told of every failed fetch (the operator's log): why, never a key. */
  onFetchError?: (error: JwksUnavailable) => void;
  /** The clock, in ms (tests). Default Date.now. */
  now?: () => number;
}

/**
 * An identity provider's JWKS endpoint: fetched on first use (that request waits for it), then
 * cached.
 * - Keys older than maxAge are refreshed in the background while the cached ones keep serving, so
 *   a slow or failing IdP never delays a request.
 * - A failed fetch is remembered: no other is tried for a back-off (1 s, doubling while the IdP
 *   keeps failing, at most 30 s), whatever the traffic.
 * - Keys older than maxStale are not trusted any more (the IdP may have revoked one since).
 * - With no keys to trust (none fetched yet, or too old) and a fetch failing, verification throws
 *   JwksUnavailable, which says when the endpoint will be asked again: callers are answered 503
 *   with Retry-After, and the first request after that verifies normally if the IdP is back.
 * - A response body over maxBytes (1 MiB) is a failed fetch: no more than that is read.
 * - A token naming a `kid` the keys do not have (a key rotation) makes the request wait for a
 *   refetch. jose's own remote set waits a fixed cooldown after every fetch, which would refuse the
 *   first tokens of a rotation made just after a fetch; here unknown-kid refetches are rate-limited
 *   instead (a token bucket), so tokens with made-up kids cannot turn into a flood of requests to
 *   the IdP. Whoever spends the bucket, a refetch happens at least every unknownKidRefill (12 s)
 *   while unknown kids keep coming, so a newly published key verifies within that much whatever
 *   others send. With trusted keys, an unknown kid is refused as such (401), the refetch failing
 *   or not.
 */
export function keySetFromUrl(url: string, options: RemoteKeySetOptions = {}): KeySet {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const maxStaleMs = Math.max(options.maxStaleMs ?? 24 * 3_600_000, maxAgeMs);
  const maxBackOffMs = options.retryAfterFailureMs ?? 30_000;
  const firstBackOffMs = Math.min(options.firstRetryAfterFailureMs ?? 1_000, maxBackOffMs);
  const burst = options.unknownKidBurst ?? 5;
  const refillMs = options.unknownKidRefillMs ?? 12_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? MAX_JWKS_BYTES;
  const now = options.now ?? Date.now;
  let keys: { set: KeySet; fetchedAt: number } | undefined;
  let pending: Promise<KeySet> | undefined;
  /** Failed fetches in a row, and when the next one may be tried. */
  let failures = 0;
  let retryAt = 0;
  let tokens = burst;
  let refilledAt = now();

  const download = async (): Promise<KeySet> => {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new FetchFailed(`the JWKS endpoint answered ${response.status}`);
    }
    const body = await readCapped(response, maxBytes);
    let jwks: unknown;
    try {
      jwks = JSON.parse(body);
    } catch {
      throw new FetchFailed('the JWKS endpoint answered a body that is not JSON');
    }
    return createLocalJWKSet(jwks as JSONWebKeySet);
  };

  /** One fetch at a time: callers during a fetch share it. */
  const refresh = (): Promise<KeySet> => {
    if (pending) return pending;
    const attempt = download().then(
      (set) => {
        keys = { set, fetchedAt: now() };
        failures = 0;
        retryAt = 0;
        return set;
      },
      (error: unknown) => {
        const backOff = Math.min(firstBackOffMs * 2 ** Math.min(failures, 30), maxBackOffMs);
        failures += 1;
        retryAt = now() + backOff;
        const failure = unavailable(error, backOff);
        options.onFetchError?.(failure);
        throw failure;
      },
    );
    pending = attempt;
    const settled = () => {
      if (pending === attempt) pending = undefined;
    };
    attempt.then(settled, settled);
    return attempt;
  };

  const backingOff = (): boolean => now() < retryAt;

  /** The keys to verify with now, fetching them first only when there are none to trust. */
  const currentKeys = (): KeySet | Promise<KeySet> => {
    const age = keys ? now() - keys.fetchedAt : Infinity;
    if (keys && age < maxAgeMs) return keys.set;
    if (keys && age < maxStaleMs) {
      // Stale: refresh in the background (an error is remembered in retryAt), serve these meanwhile.
      if (!backingOff()) refresh().catch(() => undefined);
      return keys.set;
    }
    if (pending) return pending;
    if (backingOff()) {
      throw new JwksUnavailable('the JWKS endpoint failed moments ago; it is not asked again yet', retryAt - now());
    }
    return refresh();
  };

  const mayRefetch = (): boolean => {
    const time = now();
    const refill = Math.floor((time - refilledAt) / refillMs);
    if (refill > 0) {
      tokens = Math.min(burst, tokens + refill);
      refilledAt += refill * refillMs;
    }
    if (tokens === 0) return false;
    tokens -= 1;
    return true;
  };

  return async (header, token) => {
    const set = await currentKeys();
    try {
      return await set(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || backingOff() || !mayRefetch()) throw error;
      // Trusted keys do not have this kid: should the refetch fail, it is still an unknown key.
      const refetched = await refresh().catch(() => {
        throw error;
      });
      return refetched(header, token);
    }
  };
}

/**
 * The body of `response` as text, reading at most `maxBytes` (a declared or actual length over it
 * cancels the response: the rest is never read).
 */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchFailed(`the JWKS is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FetchFailed(`the JWKS is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a fetch failed, in words for the operator's log. */
class FetchFailed extends Error {}

/** A fetch that failed, whatever the way (network, timeout, status, size, body): the keys are unavailable. */
function unavailable(error: unknown, retryAfterMs: number): JwksUnavailable {
  return new JwksUnavailable(whyFetchFailed(error), retryAfterMs, { cause: error });
}

function whyFetchFailed(error: unknown): string {
  if (error instanceof FetchFailed) return error.message;
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'the JWKS endpoint did not answer in time';
  // createLocalJWKSet's refusal of a body that is JSON but not a JWKS.
  if (error instanceof errors.JWKSInvalid) return `the JWKS endpoint answered a body that is not a JWKS`;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `the JWKS could not be fetched (${code})` : 'the JWKS could not be fetched';
}
