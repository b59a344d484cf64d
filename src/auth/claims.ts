import type { JWTPayload } from 'jose';
import type { Caller } from '../domain/caller';

/**
 * Scopes from `scope` (a space-separated string, RFC 8693) or `scp` (an array or a
 * space-separated string, as Azure AD and Okta send it).
 */
export function scopesOf(payload: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [payload['scope'], payload['scp']]) {
    const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
    for (const value of values) if (typeof value === 'string' && value !== '') scopes.add(value);
  }
  return scopes;
}

/** The verified token as a Caller; a tenant claim that is not a non-empty string counts as none. */
export function callerOf(payload: JWTPayload, tenantClaim: string): Caller {
  const tenant = payload[tenantClaim];
  return {
    subject: typeof payload.sub === 'string' ? payload.sub : null,
    tenant: typeof tenant === 'string' && tenant !== '' ? tenant : null,
    scopes: scopesOf(payload),
  };
}
