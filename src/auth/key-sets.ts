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
  /** Keys are fetched again after this long, default 10 minutes. */
  maxAgeMs?: number;
  /** Refetches for an unknown `kid`: at most this many at once (a burst), default 5 ... */
  unknownKidBurst?: number;
  /** ... and one more every this many ms, default 12 s (5 a minute). */
  unknownKidRefillMs?: number;
  /** Deadline of one fetch, default 5 s. */
  timeoutMs?: number;
}

/**
 * An identity provider's JWKS endpoint: fetched on first use, cached, and fetched again when it
 * is older than maxAge or when a token names a `kid` it does not have (a key rotation). jose's
 * own remote set waits a fixed cooldown after every fetch, which would refuse the first tokens
 * of a rotation made just after a fetch; here unknown-kid refetches are rate-limited instead
 * (a token bucket), so tokens with made-up kids cannot turn into a flood of requests to the IdP.
 */
export function keySetFromUrl(url: string, options: RemoteKeySetOptions = {}): KeySet {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const burst = options.unknownKidBurst ?? 5;
  const refillMs = options.unknownKidRefillMs ?? 12_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let keys: { set: KeySet; fetchedAt: number } | undefined;
  let pending: Promise<KeySet> | undefined;
  let tokens = burst;
  let refilledAt = Date.now();

  const fetchKeys = (): Promise<KeySet> => {
    pending ??= (async () => {
      try {
        const response = await fetch(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
        if (!response.ok) throw new errors.JWKSInvalid(`the JWKS endpoint answered ${response.status}`);
        const set = createLocalJWKSet((await response.json()) as JSONWebKeySet);
        keys = { set, fetchedAt: Date.now() };
        return set;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const staleOr = (error: unknown): KeySet => {
    if (keys) return keys.set;
    throw error;
  };

  const mayRefetch = (): boolean => {
    const now = Date.now();
    const refill = Math.floor((now - refilledAt) / refillMs);
    if (refill > 0) {
      tokens = Math.min(burst, tokens + refill);
      refilledAt += refill * refillMs;
    }
    if (tokens === 0) return false;
    tokens -= 1;
    return true;
  };

  return async (header, token) => {
    const fresh = keys && Date.now() - keys.fetchedAt < maxAgeMs;
    // An IdP that is down for a moment costs nothing while the keys fetched before still serve.
    const set = fresh && keys ? keys.set : await fetchKeys().catch((error: unknown) => staleOr(error));
    try {
      return await set(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !mayRefetch()) throw error;
      return (await fetchKeys())(header, token);
    }
  };
}
