import { UNVERIFIED_CALLER } from '../domain/caller';
import { bearerTokenOf } from './bearer-token';
import { createJwtVerifier, type JwtVerifierOptions, type Verification } from './jwt-verifier';

export type AuthSettings = { mode: 'off' } | ({ mode: 'jwt' } & JwtVerifierOptions);

/**
 * Who sent this request, from its Authorization header (the one value sent: a request with two
 * is refused before this is asked).
 */
export type Authenticator = (authorization: string | null | undefined) => Promise<Verification>;

/**
 * AUTH_MODE=jwt: the caller is who a verified bearer JWT says. AUTH_MODE=off: callers are not
 * authenticated here (the router does it) and nothing in the request is trusted as an identity.
 */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  if (settings.mode === 'off') {
    const unverified: Verification = { ok: true, caller: UNVERIFIED_CALLER };
    return async () => unverified;
  }
  const verify = createJwtVerifier(settings);
  return async (authorization) => {
    const token = bearerTokenOf(authorization);
    if (token === null) return { ok: false, reason: 'send a bearer token in the Authorization header' };
    return verify(token);
  };
}

export type { Verification } from './jwt-verifier';
