import type { IncomingMessage } from 'node:http';
import type { GraphQLContext } from '../../resolvers';
import type { Authenticator } from '../auth';
import type { ProviderCapabilities } from '../domain/capabilities';
import { UNVERIFIED_CALLER } from '../domain/caller';
import type { ProviderName } from '../domain/provider';
import { WorkspaceService } from '../domain/workspace-service';
import { PROVIDERS } from '../providers';
import { auditUpdate } from './audit';
import type { Logger } from './logger';
import { requestGateways, type ProviderSettingsMap } from './provider-gateways';
import { requestIdOf } from './request-logging';

const CAPABILITIES = Object.fromEntries(
  Object.entries(PROVIDERS).map(([name, module]) => [name, module.capabilities]),
) as Record<ProviderName, ProviderCapabilities>;

export interface ContextOptions {
  providerSettings: ProviderSettingsMap;
  readConcurrency: number;
  authenticate: Authenticator;
  logger: Logger;
}

/**
 * Builds the per-request context: who is calling (verified once per HTTP request), and a fresh
 * service, DataLoader and data sources carrying this caller's credentials.
 */
export function contextFactory(options: ContextOptions): (req: IncomingMessage) => Promise<GraphQLContext> {
  return async (req) => {
    const requestId = requestIdOf(headerOf(req, 'x-request-id'));
    const verification = await options.authenticate(headerOf(req, 'authorization'));
    const caller = verification.ok ? verification.caller : UNVERIFIED_REFUSED;
    return {
      requestId,
      caller,
      unauthenticated: verification.ok ? null : verification.reason,
      workspaces: new WorkspaceService({
        capabilities: CAPABILITIES,
        gateway: requestGateways(options.providerSettings, { caller, header: (name) => headerOf(req, name) }),
        readConcurrency: options.readConcurrency,
        caller,
        onUpdate: auditUpdate(options.logger, requestId, caller),
      }),
    };
  };
}

/** A refused caller never gets as far as a resolver; should one, it may do nothing. */
const UNVERIFIED_REFUSED = Object.freeze({ ...UNVERIFIED_CALLER, scopes: new Set<string>() });

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
