// Test identity provider: key pairs made in the test (no key is committed), a JWKS served on
// loopback HTTP or written to a file, and signed tokens.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'https://idp.test.example/';
export const TEST_AUDIENCE = 'workspace-subgraph';

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKeyLike;
  publicJwk: JWK;
}

type CryptoKeyLike = Parameters<SignJWT['sign']>[0];

export async function makeKey(
  alg = 'RS256',
  kid = `key-${alg}-${Math.random().toString(36).slice(2, 8)}`,
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  key: TestKey;
  /** Claims; `exp` defaults to in an hour, `iss`/`aud` to the test issuer and audience. `null` leaves one out. */
  claims?: Record<string, unknown>;
  exp?: number | null;
  iss?: string | null;
  aud?: string | string[] | null;
  header?: Record<string, unknown>;
}

export async function signToken(options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { sub: 'alice', iat: now, ...options.claims };
  if (options.exp !== null) payload.exp = options.exp ?? now + 3600;
  if (options.iss !== null) payload.iss = options.iss ?? TEST_ISSUER;
  if (options.aud !== null) payload.aud = options.aud ?? TEST_AUDIENCE;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.key.alg, kid: options.key.kid, typ: 'JWT', ...options.header })
    .sign(options.key.privateKey);
}

/** A token with `alg: none` (unsigned), which must never be accepted. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now + 3600, ...claims })}.`;
}

export interface JwksServer {
  url: string;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** Serve these keys from now on (a rotation). */
  setKeys(keys: TestKey[]): void;
  /** From now on answer with this status (e.g. 503), or never answer ('hang'); null: serve the keys again. */
  setFailure(failure: number | 'hang' | null): void;
  /**
   * From now on answer 200 with this body instead of the keys (e.g. one that is not JSON, or over
   * a size limit), or with a body that never ends ('endless'); null: serve the keys again.
   */
  setBody(body: string | 'endless' | null): void;
  /** Body bytes written so far, over every response (what a client was made to read). */
  bytesSent(): number;
  close(): Promise<void>;
}

/** A JWKS endpoint on loopback HTTP, as an identity provider serves one. */
export async function serveJwks(keys: TestKey[]): Promise<JwksServer> {
  let current = keys;
  let count = 0;
  let failure: number | 'hang' | null = null;
  let body: string | 'endless' | null = null;
  let sent = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    if (failure === 'hang') return;
    if (failure !== null) {
      res.writeHead(failure).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (body === 'endless') {
      // A JSON document that never ends, written as fast as the client reads it.
      const chunk = Buffer.alloc(64 * 1024, ' ');
      const pump = () => {
        while (!res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.write('{"keys": [');
      pump();
      return;
    }
    const text = body ?? JSON.stringify({ keys: current.map((k) => k.publicJwk) });
    sent += Buffer.byteLength(text);
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => count,
    setKeys: (next) => void (current = next),
    setFailure: (next) => void (failure = next),
    setBody: (next) => void (body = next),
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The keys' JWKS, padded with whitespace to `bytes` bytes (still valid JSON, still the same keys). */
export function paddedJwks(keys: TestKey[], bytes: number): string {
  const jwks = JSON.stringify({ keys: keys.map((k) => k.publicJwk) });
  return `${jwks}${' '.repeat(Math.max(0, bytes - Buffer.byteLength(jwks)))}`;
}

/** A JWKS file (as a mounted secret would be), in a fresh temporary folder. */
export function writeJwksFile(keys: TestKey[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  return file;
}

/** The subgraph's environment for AUTH_MODE=jwt against this JWKS, the test issuer and audience. */
export function jwtEnv(jwks: { url: string }): Record<string, string> {
  return { AUTH_MODE: 'jwt', AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE };
}
