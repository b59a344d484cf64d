import type { IncomingMessage } from 'node:http';
import type { GraphQLContext } from './request-context';
import type { Authenticator, Verification } from '../../auth';
import type { TenantCredentials } from '../../credentials';
import type { ProviderCapabilities } from '../../domain/capabilities';
import { UNVERIFIED_CALLER } from '../../domain/caller';
import type { ProviderName } from '../../domain/provider';
import { WorkspaceService, type UpdateAttempt } from '../../domain/workspace-service';
import type { FairUse, RequestScope } from '../../limits';
import { PROVIDERS } from '../../providers';
import { requestTrace } from '../../telemetry/server-spans';
import { auditUpdate } from '../logging/audit';
import type { Logger } from '../logging/logger';
import { requestGateways, type ProviderSettingsMap } from '../wiring/provider-gateways';
import { clientRequestIdOf, newRequestId } from '../plugins/request-logging';

const CAPABILITIES = Object.fromEntries(
  Object.entries(PROVIDERS).map(([name, module]) => [name, module.capabilities]),
) as Record<ProviderName, ProviderCapabilities>;

export interface ContextOptions {
  providerSettings: ProviderSettingsMap;
  readConcurrency: number;
  /** The process-wide limits: write lanes, providers' waits, tenants' shares. */
  fairUse: FairUse;
  /** The keyed hash of a credential that lanes and waits are keyed by. */
  credentialKey(credential: string): string;
  authenticate: Authenticator;
  /**
   * AUTH_MODE=jwt: the Authorization header names the caller, and one sent more than once is
   * refused. Otherwise it is not read here (the authenticator ignores it).
   */
  requireAuthentication?: boolean | undefined;
  logger: Logger;
  /** Told of every update besides the audit log (the metrics' update results). */
  onUpdate?: ((update: UpdateAttempt) => void) | undefined;
}

/**
 * Builds the per-request context: who is calling (verified once per HTTP request), and a fresh
 * service, DataLoader and data sources carrying this caller's credentials.
 */
export function contextFactory(
  options: ContextOptions,
): (req: IncomingMessage, scope: RequestScope) => Promise<GraphQLContext> {
  const tenantSource = tenantCredentialsOf(options.providerSettings);
  const credentialOf = (provider: ProviderName) => options.providerSettings[provider]?.credentials.mode ?? null;
  return async (req, scope) => {
    // One version of TENANT_CREDENTIALS_FILE for the whole request, whatever reloads happen meanwhile.
    const tenants = tenantSource?.snapshot();
    // The server's id, whatever the caller sends; the caller's own goes in `clientRequestId`.
    const requestId = newRequestId();
    const clientRequestId = clientRequestIdOf(req.headers['x-request-id']);
    const verification = await verifyCaller(req, options);
    const caller = verification.ok ? verification.caller : UNVERIFIED_REFUSED;
    const trace = requestTrace(req);
    return {
      ...(trace === undefined ? {} : { trace }),
      requestId,
      caller,
      unauthenticated: verification.ok ? null : verification.reason,
      authUnavailable: verification.ok ? undefined : verification.unavailable,
      workspaces: new WorkspaceService({
        capabilities: CAPABILITIES,
        gateway: requestGateways(
          options.providerSettings,
          { caller, header: (name) => tokenHeaderOf(req, name), tenants },
          { scope, fairUse: options.fairUse, credentialKey: options.credentialKey, trace },
        ),
        readConcurrency: options.readConcurrency,
        caller,
        onUpdate: alsoTell(
          auditUpdate(options.logger, { requestId, clientRequestId, caller, credentialOf, trace }),
          options.onUpdate,
        ),
      }),
    };
  };
}

/** The tenants' tokens the providers in `tenant` mode are called with (one file, shared by all of them). */
function tenantCredentialsOf(settings: ProviderSettingsMap): TenantCredentials | undefined {
  const sources = new Set<TenantCredentials>();
  for (const providerSettings of Object.values(settings)) {
    if (providerSettings?.credentials.mode === 'tenant') sources.add(providerSettings.credentials.tenants);
  }
  if (sources.size > 1) throw new Error('providers in tenant mode must share one TENANT_CREDENTIALS_FILE');
  return sources.values().next().value;
}

function alsoTell<T>(first: (value: T) => void, second: ((value: T) => void) | undefined): (value: T) => void {
  if (!second) return first;
  return (value) => {
    first(value);
    second(value);
  };
}

/** A refused caller never gets as far as a resolver; should one, it may do nothing. */
const UNVERIFIED_REFUSED = Object.freeze({ ...UNVERIFIED_CALLER, scopes: new Set<string>() });

/**
 * A header that carries one credential (a caller's `x-<p>-token`): sent once, as one token of
 * visible ASCII other than a comma. Sent twice (Node would join the values into "a, b"), or with
 * any other character, it counts as not sent: the provider's call then fails with
 * WorkspaceAuthenticationError instead of carrying an ambiguous credential upstream.
 */
function tokenHeaderOf(req: IncomingMessage, name: string): string | undefined {
  const values = req.headersDistinct[name];
  if (values?.length !== 1) return undefined;
  const value = values[0];
  return value !== undefined && CREDENTIAL_VALUE.test(value) ? value : undefined;
}

/** Visible ASCII (RFC 9110 VCHAR, a superset of token68), without the list separator ",". */
const CREDENTIAL_VALUE = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * Who the caller is, from its one Authorization header. Sent more than once (which one would the
 * router, a proxy or this subgraph read?), it is not verified at all: the caller is not
 * authenticated (AUTH_MODE=jwt: 401).
 */
function verifyCaller(
  req: IncomingMessage,
  options: Pick<ContextOptions, 'authenticate' | 'requireAuthentication'>,
): Promise<Verification> {
  const values = req.headersDistinct['authorization'];
  if (options.requireAuthentication && values !== undefined && values.length > 1) {
    return Promise.resolve({ ok: false, reason: 'more than one Authorization header was sent' });
  }
  return options.authenticate(values?.[0]);
}
