// The remote JWKS under an identity provider that is slow, failing or rotating, with a fake clock
// and a JWKS served on loopback: stale keys are refreshed in the background (no request waits),
// a failure is remembered (no fetch per request), keys past their maximum age are not trusted, and
// an unknown kid still makes the request wait for a rate-limited refetch.
import { errors, jwtVerify } from 'jose';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JwksUnavailable, keySetFromUrl, type KeySet } from '../../../src/auth';
import type { RemoteKeySetOptions } from '../../../src/auth/key-sets';
import { makeKey, paddedJwks, serveJwks, signToken, type JwksServer, type TestKey } from '../../support/jwt';

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

  it('a failed fetch is remembered: no fetch per request while the IdP fails, the back-off doubling from 1 s to 30 s', async () => {
    const keys = keySet({ firstRetryAfterFailureMs: 1_000, retryAfterFailureMs: 30_000 });
    await verify(keys);
    jwks.setFailure(503);
    time += 11 * MINUTE;
    await verify(keys);
    await backgroundFetchDone(2);
    for (let i = 0; i < 50; i++) await verify(keys);
    let fetches = 2;
    for (const backOff of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      time += backOff - 1;
      for (let i = 0; i < 10; i++) await verify(keys);
      await sleep(20);
      expect(jwks.fetches()).toBe(fetches);
      time += 1;
      await verify(keys);
      fetches += 1;
      await backgroundFetchDone(fetches);
    }
    // The IdP is back: the next fetch takes, and a later failure starts again from 1 s.
    jwks.setFailure(null);
    time += 30_000;
    await verify(keys);
    await backgroundFetchDone(++fetches);
    time += 11 * MINUTE;
    jwks.setFailure(503);
    await verify(keys);
    await backgroundFetchDone(++fetches);
    time += 1_000;
    await verify(keys);
    await backgroundFetchDone(++fetches);
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
    await expect(verify(keys)).rejects.toThrow(JwksUnavailable);
    await expect(verify(keys)).rejects.toThrow('the JWKS endpoint failed moments ago');
    time += 1_000;
    await expect(verify(keys)).rejects.toThrow('the JWKS endpoint did not answer in time');
    // Still a JWKSInvalid to jose; one fetch per back-off.
    await expect(verify(keys)).rejects.toBeInstanceOf(errors.JWKSInvalid);
    expect(jwks.fetches()).toBe(2);
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

  it('no key to trust and the IdP failing: JwksUnavailable, saying when the IdP is asked again', async () => {
    jwks.setFailure(503);
    const failures: JwksUnavailable[] = [];
    const keys = keySet({ onFetchError: (error) => failures.push(error) });
    const first = await verify(keys).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(JwksUnavailable);
    expect((first as JwksUnavailable).message).toBe('the JWKS endpoint answered 503');
    expect((first as JwksUnavailable).retryAfterMs).toBe(1_000);
    // Within the back-off: refused at once with what is left of it, the IdP not asked.
    time += 400;
    const waiting = await verify(keys).catch((error: unknown) => error);
    expect((waiting as JwksUnavailable).retryAfterMs).toBe(600);
    time += 600;
    const second = await verify(keys).catch((error: unknown) => error);
    expect((second as JwksUnavailable).retryAfterMs).toBe(2_000);
    expect(jwks.fetches()).toBe(2);
    // Each failed fetch told once (the operator's log).
    expect(failures.map((f) => f.message)).toEqual([
      'the JWKS endpoint answered 503',
      'the JWKS endpoint answered 503',
    ]);
    jwks.setFailure(null);
    time += 2_000;
    await verify(keys);
  });

  it.each([
    ['not JSON', '<html>down</html>', 'the JWKS endpoint answered a body that is not JSON'],
    ['JSON but not a JWKS', '{"keys": "none"}', 'the JWKS endpoint answered a body that is not a JWKS'],
  ])('a body that is %s: JwksUnavailable', async (_name, body, message) => {
    jwks.setBody(body);
    const error = await verify(keySet()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksUnavailable);
    expect((error as Error).message).toBe(message);
  });

  it('nothing listening: JwksUnavailable naming the error code', async () => {
    await jwks.close();
    const error = await verify(keySet()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksUnavailable);
    expect((error as Error).message).toBe('the JWKS could not be fetched (ECONNREFUSED)');
    jwks = await serveJwks([key]);
  });

  it('a body over the cap is a failed fetch, whether its length is declared or not; one at the cap is read', async () => {
    jwks.setBody(paddedJwks([key], 4_096));
    await verify(keySet({ maxBytes: 4_096 }));
    jwks.setBody(paddedJwks([key], 4_097));
    await expect(verify(keySet({ maxBytes: 4_096 }))).rejects.toThrow('the JWKS is larger than 4096 bytes');
    jwks.setBody('endless');
    const started = Date.now();
    await expect(verify(keySet({ maxBytes: 4_096, timeoutMs: 5_000 }))).rejects.toThrow(
      'the JWKS is larger than 4096 bytes',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('trusted keys and an unknown kid whose refetch fails: an unknown key (401), not unavailable', async () => {
    const keys = keySet();
    await verify(keys);
    jwks.setFailure(503);
    const error = await verify(keys, await makeKey('ES256')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(jwks.fetches()).toBe(2);
    // The keys it has still verify.
    await verify(keys);
  });
});
