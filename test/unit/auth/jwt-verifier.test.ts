// The verifier's rules on their own (local keys, no HTTP): `typ`, `sub`, the longest `exp`, and a
// key set that cannot be fetched told apart from a bad token.
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, JwksUnavailable, type KeySet } from '../../../src/auth';
import { createJwtVerifier } from '../../../src/auth/jwt-verifier';
import { makeKey, signToken, TEST_AUDIENCE, TEST_ISSUER, type TestKey } from '../../support/jwt';

let key: TestKey;
let keys: KeySet;

beforeAll(async () => {
  key = await makeKey('ES256');
  keys = createLocalJWKSet({ keys: [key.publicJwk] });
});

const now = () => Math.floor(Date.now() / 1000);
const verifier = (maxTokenLifetimeSeconds?: number) =>
  createJwtVerifier({
    keys,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    tenantClaim: 'tenant',
    maxTokenLifetimeSeconds,
  });

describe('typ', () => {
  it.each(['JWT', 'jwt', 'at+jwt', 'At+JWT', 'application/at+jwt', 'APPLICATION/JWT', undefined])(
    '%s: accepted',
    async (typ) => {
      expect(await verifier()(await signToken({ key, header: { typ } }))).toMatchObject({ ok: true });
    },
  );

  it.each([
    'id_token+jwt',
    'logout+jwt',
    'dpop+jwt',
    'application/dpop+jwt',
    'text/plain',
    'JWS',
    '',
    null,
    1,
    ['JWT'],
  ])('%j: refused, naming typ', async (typ) => {
    expect(await verifier()(await signToken({ key, header: { typ } }))).toEqual({
      ok: false,
      reason: 'the token\'s "typ" header is not accepted (JWT or at+jwt)',
    });
  });
});

describe('sub', () => {
  it('missing: refused, naming it', async () => {
    expect(await verifier()(await signToken({ key, claims: { sub: undefined } }))).toEqual({
      ok: false,
      reason: 'the token has no "sub" claim',
    });
  });

  it.each([[''], [7], [null], [{ id: 'alice' }]])('%j: refused', async (sub) => {
    expect(await verifier()(await signToken({ key, claims: { sub } }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"sub"'),
    });
  });

  it('is the caller subject', async () => {
    expect(await verifier()(await signToken({ key, claims: { sub: 'svc-42' } }))).toMatchObject({
      ok: true,
      caller: { subject: 'svc-42' },
    });
  });
});

describe('the longest lifetime (exp from now)', () => {
  it('default 24 hours, with the 30 s of clock tolerance', async () => {
    const verify = verifier();
    expect(await verify(await signToken({ key, exp: now() + 24 * 3600 + 20 }))).toMatchObject({ ok: true });
    expect(await verify(await signToken({ key, exp: now() + 24 * 3600 + 60 }))).toEqual({
      ok: false,
      reason: 'the token\'s "exp" claim is more than 86400 s away (the longest lifetime accepted)',
    });
  });

  it('as configured, in seconds', async () => {
    const verify = verifier(300);
    expect(await verify(await signToken({ key, exp: now() + 290 }))).toMatchObject({ ok: true });
    expect(await verify(await signToken({ key, exp: now() + 600 }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('more than 300 s away'),
    });
  });

  it('exp is still required', async () => {
    expect(await verifier()(await signToken({ key, exp: null }))).toEqual({
      ok: false,
      reason: 'the token has no "exp" claim',
    });
  });
});

describe('keys that cannot be fetched', () => {
  const failing = (retryAfterMs: number): KeySet => {
    return async () => {
      throw new JwksUnavailable('the JWKS endpoint answered 503', retryAfterMs);
    };
  };

  it.each([
    [1_000, 1],
    [1_001, 2],
    [0, 1],
    [30_000, 30],
  ])('retry after %i ms: unavailable, Retry-After %i s', async (ms, seconds) => {
    const verify = createJwtVerifier({ keys: failing(ms), tenantClaim: 'tenant' });
    expect(await verify(await signToken({ key }))).toEqual({
      ok: false,
      reason: 'the verification keys could not be fetched',
      unavailable: { retryAfterSeconds: seconds },
    });
  });

  it('what is refused before a key is needed stays a bad token', async () => {
    const authenticate = createAuthenticator({ mode: 'jwt', keys: failing(1_000), tenantClaim: 'tenant' });
    for (const header of [
      undefined,
      'Bearer not-a-jwt',
      `Bearer ${await signToken({ key, header: { typ: 'dpop+jwt' } })}`,
    ]) {
      const verification = await authenticate(header);
      expect(verification.ok).toBe(false);
      expect(verification).not.toHaveProperty('unavailable');
    }
  });
});
