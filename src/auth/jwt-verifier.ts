import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Caller } from '../domain/caller';
import { callerOf } from './claims';
import { JwksUnavailable, type KeySet } from './key-sets';

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

/** AUTH_MAX_TOKEN_LIFETIME's default: a token's `exp` at most 24 hours from now. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * The `typ` header values accepted (when there is one), compared case-insensitively and without
 * an `application/` prefix (RFC 7515 §4.1.9): a JWT, or an OAuth access token (RFC 9068). Any
 * other type (an ID token's `id_token+jwt`, a logout token, a DPoP proof, …) is another kind of
 * token, never a bearer credential for this API.
 */
export const ACCEPTED_TOKEN_TYPES = ['jwt', 'at+jwt'];

export interface JwtVerifierOptions {
  keys: KeySet;
  /** When set, `iss` must be this (required under NODE_ENV=production). */
  issuer?: string | undefined;
  /** When set, `aud` must contain this (required under NODE_ENV=production). */
  audience?: string | undefined;
  /** The claim that names the caller's tenant. */
  tenantClaim: string;
  /** `exp` at most this many seconds from now (AUTH_MAX_TOKEN_LIFETIME). Default 24 hours. */
  maxTokenLifetimeSeconds?: number | undefined;
}

/**
 * A token refused (`ok: false`) is the caller's to fix (HTTP 401), except when `unavailable` is
 * set: no key could be fetched to check it, and the caller should retry after
 * `retryAfterSeconds` with the same token (HTTP 503).
 */
export type Verification =
  { ok: true; caller: Caller } | { ok: false; reason: string; unavailable?: { retryAfterSeconds: number } | undefined };

/**
 * Verifies a bearer JWT: `typ` (when present) JWT or at+jwt, signature, algorithm, `exp` and `sub`
 * required, `exp` at most maxTokenLifetime away, `nbf`, issuer, audience.
 */
export function createJwtVerifier(options: JwtVerifierOptions): (token: string) => Promise<Verification> {
  const maxLifetime = options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return async (token) => {
    try {
      // Before the signature: a token of another type is refused without a key being fetched.
      if (!acceptedType(decodeProtectedHeader(token).typ)) {
        return { ok: false, reason: `the token's "typ" header is not accepted (JWT or at+jwt)` };
      }
      const { payload } = await jwtVerify(token, options.keys, {
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        return { ok: false, reason: `the token's "sub" claim is not accepted` };
      }
      // jwtVerify made sure exp is a number.
      const secondsLeft = (payload.exp as number) - Date.now() / 1000;
      if (secondsLeft > maxLifetime + CLOCK_TOLERANCE_SECONDS) {
        return {
          ok: false,
          reason: `the token's "exp" claim is more than ${maxLifetime} s away (the longest lifetime accepted)`,
        };
      }
      return { ok: true, caller: callerOf(payload, options.tenantClaim) };
    } catch (error) {
      if (error instanceof JwksUnavailable) {
        return {
          ok: false,
          reason: 'the verification keys could not be fetched',
          unavailable: { retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) },
        };
      }
      return { ok: false, reason: reasonOf(error) };
    }
  };
}

/** No `typ` at all, or one of ACCEPTED_TOKEN_TYPES. */
function acceptedType(typ: unknown): boolean {
  if (typ === undefined) return true;
  if (typeof typ !== 'string') return false;
  const type = typ.toLowerCase();
  return ACCEPTED_TOKEN_TYPES.includes(type.startsWith('application/') ? type.slice('application/'.length) : type);
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
  return 'the token is not a valid JWT';
}
