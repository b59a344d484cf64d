import { errors, jwtVerify } from 'jose';
import type { Caller } from '../domain/caller';
import { callerOf } from './claims';
import type { KeySet } from './key-sets';

/** Asymmetric algorithms only: `none` and the HMAC family (a shared secret) are never accepted. */
export const ACCEPTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Clock skew allowed on `exp` and `nbf` (the contract allows at most 60 s). */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface JwtVerifierOptions {
  keys: KeySet;
  /** When set, `iss` must be this. */
  issuer?: string | undefined;
  /** When set, `aud` must contain this. */
  audience?: string | undefined;
  /** The claim that names the caller's tenant. */
  tenantClaim: string;
}

export type Verification = { ok: true; caller: Caller } | { ok: false; reason: string };

/** Verifies a bearer JWT (signature, algorithm, `exp` required, `nbf`, issuer, audience). */
export function createJwtVerifier(options: JwtVerifierOptions): (token: string) => Promise<Verification> {
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      });
      return { ok: true, caller: callerOf(payload, options.tenantClaim) };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  };
}

/** Why a token was refused, in words for the caller: never the token, never a key. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the token has no "${error.claim}" claim`;
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token's "${error.claim}" claim is not accepted`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a known key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  const fetchFailed = error instanceof TypeError || (error instanceof DOMException && error.name === 'TimeoutError');
  if (fetchFailed || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return 'the verification keys could not be fetched';
  }
  return 'the token is not a valid JWT';
}
