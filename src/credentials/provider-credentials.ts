import type { Caller } from '../domain/caller';
import { failures, type WorkspaceFailure } from '../domain/failures';
import { PROVIDER_LABELS, type ProviderName } from '../domain/provider';
import type { TenantCredentials, TenantTable } from './tenant-credentials';

/**
 * Whose credential a provider is called with (`<P>_CREDENTIALS`): `service`, one token for every
 * caller; `tenant`, the caller's tenant's token from TENANT_CREDENTIALS_FILE; `caller`, the token
 * the caller sends in `x-<p>-token`.
 */
export const CREDENTIAL_MODES = ['service', 'tenant', 'caller'] as const;
export type CredentialMode = (typeof CREDENTIAL_MODES)[number];

export type CredentialPolicy =
  { mode: 'service'; token: string | undefined } | { mode: 'tenant'; tenants: TenantCredentials } | { mode: 'caller' };

/** The header a caller sends its own token for provider `p` in (`caller` mode): `x-<p>-token`. */
export const callerTokenHeader = (provider: ProviderName): string => `x-${provider}-token`;

/** What a request offers to find a credential: who it is, its headers, the tenants' tokens it reads. */
export interface CredentialRequest {
  caller: Caller;
  header(name: string): string | undefined;
  /**
   * The tenants' tokens, taken once when the request started (TenantCredentials.snapshot()): all
   * its `tenant` providers read the same version of TENANT_CREDENTIALS_FILE, whatever reloads
   * happen meanwhile. Undefined when no provider uses `tenant`.
   */
  tenants: TenantTable | undefined;
}

export type CredentialLookup = { ok: true; token: string } | { ok: false; failure: WorkspaceFailure };

/**
 * The credential one provider's calls use for this request, or a WorkspaceAuthenticationError
 * when there is none (and then nothing is sent). Only provider `p`'s own header is read.
 */
export function credentialFor(
  provider: ProviderName,
  policy: CredentialPolicy,
  request: CredentialRequest,
): CredentialLookup {
  const label = PROVIDER_LABELS[provider];
  const missing = (message: string): CredentialLookup => ({
    ok: false,
    failure: failures.authentication(provider, message),
  });
  switch (policy.mode) {
    case 'service':
      return policy.token ? { ok: true, token: policy.token } : missing(`No credentials are configured for ${label}`);
    case 'tenant': {
      const tenant = request.caller.tenant;
      if (tenant === null)
        return missing(`${label} is called with your tenant's credential, and your token names no tenant`);
      const token = snapshotOf(policy.tenants, request).tokenFor(tenant, provider);
      return token ? { ok: true, token } : missing(`No ${label} credential is configured for your tenant`);
    }
    case 'caller': {
      const header = callerTokenHeader(provider);
      const token = request.header(header)?.trim();
      return token
        ? { ok: true, token }
        : missing(`${label} is called with your own token: send it once in the ${header} header (visible ASCII)`);
    }
  }
}

/** The request's snapshot of `source`; a request without one is a bug of ours, never a fallback. */
function snapshotOf(source: TenantCredentials, request: CredentialRequest): TenantTable {
  if (request.tenants?.source !== source) {
    throw new Error("tenant credentials: the request carries no snapshot of this provider's tenant table");
  }
  return request.tenants;
}
