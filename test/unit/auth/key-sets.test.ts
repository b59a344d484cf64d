// The remote JWKS under an identity provider that is slow, failing or rotating, with a fake clock
// and a JWKS served on loopback: stale keys are refreshed in the background (no request waits),
// a failure is remembered (no fetch per request), keys past their maximum age are not trusted, and
// an unknown kid still makes the request wait for a rate-limited refetch.
import { errors, jwtVerify } from 'jose';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keySetFromUrl, type KeySet } from '../../../src/auth';
import type { RemoteKeySetOptions } from '../../../src/auth/key-sets';
import { makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../../support/jwt';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let key: TestKey;
let jwks: JwksServer;
let time: number;

beforeEach(async () => {
  key ??= await makeKey('ES256');
  jwks = await serveJwks([key]);
  time = 1_700_000_000_000;
});

afterEach(async () => {
  await jwks.close();
});

const keySet = (options: RemoteKeySetOptions = {}) =>
  keySetFromUrl(jwks.url, { timeoutMs: 2_000, ...options, now: () => time });

async function verify(keys: KeySet, signer = key) {
  return jwtVerify(await signToken({ key: signer }), keys);
}

/** Lets a fetch the key set started in the background reach the server and be answered. */
async function backgroundFetchDone(count: number): Promise<void> {
  await vi.waitFor(() => expect(jwks.fetches()).toBe(count));
  await sleep(50);
}

describe('remote JWKS', () => {
  it('the first request waits for the first fetch; fresh keys are not fetched again', async () => {
    const keys = keySet();
    await verify(keys);
    expect(jwks.fetches()).toBe(1);
    time += 9 * MINUTE;
    await verify(keys);
    expect(jwks.fetches()).toBe(1);
  });

  it('stale keys still serve while they are refreshed in the background: a hanging IdP delays nobody', async () => {
    const keys = keySet();
    await verify(keys);
    jwks.setFailure('hang');
    time += 11 * MINUTE;
    const started = Date.now();
    for (let i = 0; i < 5; i++) await verify(keys);
    // The fetch timeout is 2 s: none of these waited for it.
    expect(Date.now() - started).toBeLessThan(1_000);
    // One refresh in flight, shared: not one per request.
    await vi.waitFor(() => expect(jwks.fetches()).toBe(2));
    await sleep(50);
    expect(jwks.fetches()).toBe(2);
  });

  it('a failed fetch is remembered: no fetch per request while the IdP fails, one more after the back-off', async () => {
    const keys = keySet({ retryAfterFailureMs: 30_000 });
    await verify(keys);
    jwks.setFailure(503);
    time += 11 * MINUTE;
    await verify(keys);
    await backgroundFetchDone(2);
    for (let i = 0; i < 50; i++) await verify(keys);
    time += 29_000;
    for (let i = 0; i < 10; i++) await verify(keys);
    expect(jwks.fetches()).toBe(2);
    time += 2_000;
    await verify(keys);
    await backgroundFetchDone(3);
    await verify(keys);
    expect(jwks.fetches()).toBe(3);
  });

  it('a background refresh takes the rotated keys', async () => {
    const keys = keySet();
    await verify(keys);
    const rotated = await makeKey('ES256');
    jwks.setKeys([rotated]);
    time += 11 * MINUTE;
    await verify(keys);
    await backgroundFetchDone(2);
    await verify(keys, rotated);
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('keys older than the maximum are not trusted: refused until a fetch succeeds', async () => {
    const keys = keySet({ maxStaleMs: 24 * HOUR, retryAfterFailureMs: 30_000 });
    await verify(keys);
    jwks.setFailure(503);
    // Refreshes fail all day; the keys fetched at the start serve, until they are 24 hours old.
    time += 23 * HOUR;
    await verify(keys);
    await backgroundFetchDone(2);
    time += HOUR;
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    expect(jwks.fetches()).toBe(3);
    // Within the back-off: refused at once, the IdP is not asked.
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    expect(jwks.fetches()).toBe(3);
    jwks.setFailure(null);
    time += 30_000;
    await verify(keys);
    expect(jwks.fetches()).toBe(4);
  });

  it('no keys yet and the IdP fails: refused, and not asked again until the back-off has passed', async () => {
    jwks.setFailure(503);
    const keys = keySet({ retryAfterFailureMs: 30_000 });
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    for (let i = 0; i < 10; i++) await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    expect(jwks.fetches()).toBe(1);
    jwks.setFailure(null);
    time += 30_000;
    await verify(keys);
    expect(jwks.fetches()).toBe(2);
  });

  it('an IdP that does not answer the first fetch: the request gives up at the timeout', async () => {
    jwks.setFailure('hang');
    const keys = keySet({ timeoutMs: 200 });
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    expect(jwks.fetches()).toBe(1);
  });

  it('an unknown kid waits for a refetch, rate-limited by a token bucket', async () => {
    const keys = keySet({ unknownKidBurst: 2, unknownKidRefillMs: 12_000 });
    await verify(keys);
    const rotated = await makeKey('ES256');
    jwks.setKeys([key, rotated]);
    await verify(keys, rotated);
    expect(jwks.fetches()).toBe(2);
    for (let i = 0; i < 5; i++) {
      await expect(verify(keys, await makeKey('ES256'))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    }
    // One token was left of the burst; then none until the bucket refills.
    expect(jwks.fetches()).toBe(3);
    time += 12_000;
    await expect(verify(keys, await makeKey('ES256'))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(jwks.fetches()).toBe(4);
  });
});
