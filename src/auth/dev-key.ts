import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { PROJECT_ROOT } from '../project-root';
import type { KeySet } from './key-sets';

/**
 * A development signing key, so that AUTH_MODE=jwt can be tried offline: `npm run token` signs
 * with it and `npm start` verifies with it, only while the embedded emulator serves every
 * provider and never under NODE_ENV=production. Made on first use in a git-ignored file; a
 * private key is never committed.
 */
export const DEV_KEY_FILE = join(PROJECT_ROOT, '.dev-keys', 'jwt-signing-key.json');
export const DEV_ISSUER = 'urn:workspace-subgraph:dev';
export const DEV_AUDIENCE = 'workspace-subgraph';
const ALGORITHM = 'ES256';

export interface DevKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateDevKey(file = DEV_KEY_FILE): Promise<DevKey> {
  if (existsSync(file)) {
    const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    return { privateJwk, publicJwk: publicPart(privateJwk) };
  }
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), alg: ALGORITHM, kid: `dev-${Date.now()}` };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600 });
  return { privateJwk, publicJwk: publicPart(privateJwk) };
}

export function devKeySet(key: DevKey): KeySet {
  return createLocalJWKSet({ keys: [key.publicJwk] });
}

export async function devSigningKey(key: DevKey): ReturnType<typeof importJWK> {
  return importJWK(key.privateJwk, ALGORITHM);
}

/** The JWK minus its private members (an EC key's `d`). */
function publicPart(jwk: JWK): JWK {
  const publicJwk: JWK = { ...jwk };
  delete publicJwk.d;
  return publicJwk;
}
