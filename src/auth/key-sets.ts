import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The keys tokens are verified with: `getKey` for jose's jwtVerify. */
export type KeySet = JWTVerifyGetKey;

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
  /** After a failed fetch, none is tried for this long (requests do not queue up on a failing IdP). Default 30 s. */
  retryAfterFailureMs?: number;
  /** Refetches for an unknown `kid`: at most this many at once (a burst), default 5 ... */
  unknownKidBurst?: number;
  /** ... and one more every this many ms, default 12 s (5 a minute). */
  unknownKidRefillMs?: number;
  /** Deadline of one fetch, default 5 s. */
  timeoutMs?: number;
  /** The clock, in ms (tests). Default Date.now. */
  now?: () => number;
}

/**
 * An identity provider's JWKS endpoint: fetched on first use (that request waits for it), then
 * cached.
 * - Keys older than maxAge are refreshed in the background while the cached ones keep serving, so
 *   a slow or failing IdP never delays a request.
 * - A failed fetch is remembered: no other is tried for retryAfterFailure, whatever the traffic.
 * - Keys older than maxStale are not trusted any more (the IdP may have revoked one since): tokens
 *   are refused (401) until a fetch succeeds.
 * - A token naming a `kid` the keys do not have (a key rotation) makes the request wait for a
 *   refetch. jose's own remote set waits a fixed cooldown after every fetch, which would refuse the
 *   first tokens of a rotation made just after a fetch; here unknown-kid refetches are rate-limited
 *   instead (a token bucket), so tokens with made-up kids cannot turn into a flood of requests to
 *   the IdP.
 */
export function keySetFromUrl(url: string, options: RemoteKeySetOptions = {}): KeySet {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const maxStaleMs = Math.max(options.maxStaleMs ?? 24 * 3_600_000, maxAgeMs);
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 30_000;
  const burst = options.unknownKidBurst ?? 5;
  const refillMs = options.unknownKidRefillMs ?? 12_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  let keys: { set: KeySet; fetchedAt: number } | undefined;
  let pending: Promise<KeySet> | undefined;
  let failedAt: number | undefined;
  let tokens = burst;
  let refilledAt = now();

  const download = async (): Promise<KeySet> => {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) throw new errors.JWKSInvalid(`the JWKS endpoint answered ${response.status}`);
    return createLocalJWKSet((await response.json()) as JSONWebKeySet);
  };

  /** One fetch at a time: callers during a fetch share it. */
  const refresh = (): Promise<KeySet> => {
    if (pending) return pending;
    const attempt = download().then(
      (set) => {
        keys = { set, fetchedAt: now() };
        failedAt = undefined;
        return set;
      },
      (error: unknown) => {
        failedAt = now();
        throw unavailable(error);
      },
    );
    pending = attempt;
    const settled = () => {
      if (pending === attempt) pending = undefined;
    };
    attempt.then(settled, settled);
    return attempt;
  };

  const backingOff = (): boolean => failedAt !== undefined && now() - failedAt < retryAfterFailureMs;

  /** The keys to verify with now, fetching them first only when there are none to trust. */
  const currentKeys = (): KeySet | Promise<KeySet> => {
    const age = keys ? now() - keys.fetchedAt : Infinity;
    if (keys && age < maxAgeMs) return keys.set;
    if (keys && age < maxStaleMs) {
      // Stale: refresh in the background (an error is remembered in failedAt), serve these meanwhile.
      if (!backingOff()) refresh().catch(() => undefined);
      return keys.set;
    }
    if (pending) return pending;
    if (backingOff()) {
      throw new errors.JWKSInvalid('the JWKS endpoint failed moments ago; it is not asked again yet');
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
      return (await refresh())(header, token);
    }
  };
}

/** A fetch that failed, whatever the way (network, timeout, status, body): the keys are unavailable. */
function unavailable(error: unknown): Error {
  if (error instanceof errors.JWKSInvalid) return error;
  return new errors.JWKSInvalid('the JWKS could not be fetched', { cause: error });
}
