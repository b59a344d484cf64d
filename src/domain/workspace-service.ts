import DataLoader from 'dataloader';
import { hasScope, SCOPES, type Caller, type Scope } from './caller';
import type { ProviderCapabilities } from './capabilities';
import { mapWithConcurrency } from './concurrency';
import { fail, failures, type Outcome, type WorkspaceFailure } from './failures';
import { decodeGlobalId, type WorkspaceRef } from './global-id';
import { setFields, type PatchField, type WorkspacePatch } from './patch';
import { isProviderName, PROVIDER_NAMES, type ProviderName } from './provider';
import { validatePatch } from './validate-patch';
import type { Workspace } from './workspace';
import type { WorkspaceGateway } from './workspace-gateway';

/** A provider's gateway for this request, or why there is none (not configured). */
export type GatewayLookup = (provider: ProviderName) => WorkspaceGateway | WorkspaceFailure;

export interface WorkspaceServiceOptions {
  capabilities: Record<ProviderName, ProviderCapabilities>;
  gateway: GatewayLookup;
  /** Upstream GETs run at once per provider, per request. */
  readConcurrency: number;
  /** Who is calling: reads need `workspaces:read`, updates `workspaces:write`. */
  caller: Caller;
  /** Told of every update attempt and its outcome (the audit log). */
  onUpdate?: (update: UpdateAttempt) => void;
}

/** One update as the audit log sees it: no values, only which fields were set. */
export interface UpdateAttempt {
  id: string;
  /** The id's provider; null when the id does not name one. */
  provider: ProviderName | null;
  fields: PatchField[];
  outcome: Outcome<Workspace>;
}

/**
 * The use cases behind the graph, provider-neutral: decode the id, validate, delegate to the
 * provider's gateway. One instance per GraphQL request; its DataLoader makes one upstream GET
 * per distinct workspace per request.
 */
export class WorkspaceService {
  private readonly loader: DataLoader<string, Outcome<Workspace | null>>;

  constructor(private readonly options: WorkspaceServiceOptions) {
    this.loader = new DataLoader((ids) => this.loadMany(ids));
  }

  /** Reads one workspace; `ok` with null when the provider has none. */
  read(id: string): Promise<Outcome<Workspace | null>> {
    // The scope before the id: without it, a caller does not learn whether an id is valid.
    if (!hasScope(this.options.caller, SCOPES.read)) return Promise.resolve(fail(this.withoutScope(id, SCOPES.read)));
    return this.loader.load(id);
  }

  async update(id: string, patch: WorkspacePatch): Promise<Outcome<Workspace>> {
    // The scope before the id: without it, a caller does not learn whether an id is valid.
    const decoded = hasScope(this.options.caller, SCOPES.write) ? this.decode(id) : this.withoutScope(id, SCOPES.write);
    const outcome = 'kind' in decoded ? fail<Workspace>(decoded) : await this.updateAt(decoded, id, patch);
    this.options.onUpdate?.({
      id,
      provider: 'kind' in decoded ? providerNamedBy(id) : decoded.provider,
      fields: setFields(patch),
      outcome,
    });
    return outcome;
  }

  private async updateAt(decoded: WorkspaceRef, id: string, patch: WorkspacePatch): Promise<Outcome<Workspace>> {
    if (!hasScope(this.options.caller, SCOPES.write)) return fail(missingScope(decoded.provider, SCOPES.write));
    const fieldErrors = validatePatch(patch, this.options.capabilities[decoded.provider]);
    if (fieldErrors.length > 0) return fail(failures.validation(fieldErrors));
    const gateway = this.options.gateway(decoded.provider);
    if ('kind' in gateway) return fail(gateway);

    const outcome = await gateway.updateWorkspace(decoded, patch, id);
    if (outcome.ok) {
      // A rename changes the id: the old one no longer resolves, the new one is known.
      this.loader.clear(id).clear(outcome.value.id).prime(outcome.value.id, outcome);
    }
    return outcome;
  }

  /**
   * A caller without `scope`: refused, naming the scope and the provider the id's prefix names,
   * whether or not the rest of the id is a valid reference. An id whose prefix names no provider
   * keeps its validation error: the failure (and the GraphQL field) needs a provider to name, and
   * which prefixes are providers is public (the schema's WorkspaceProvider enum), so it tells
   * nothing about any workspace.
   */
  private withoutScope(id: string, scope: Scope): WorkspaceFailure {
    const provider = providerNamedBy(id);
    if (provider) return missingScope(provider, scope);
    const decoded = this.decode(id);
    return 'kind' in decoded ? decoded : missingScope(decoded.provider, scope);
  }

  private decode(id: string): WorkspaceRef | WorkspaceFailure {
    const decoded = decodeGlobalId(id, (provider) => this.options.capabilities[provider].referenceSegments);
    if (decoded.ok) return decoded.ref;
    return failures.validation([{ path: ['input', 'id'], code: 'INVALID', message: `Invalid id: ${decoded.reason}.` }]);
  }

  /** The DataLoader batch: group by provider, run each group's GETs with a cap. */
  private async loadMany(ids: readonly string[]): Promise<Outcome<Workspace | null>[]> {
    const results = new Map<string, Outcome<Workspace | null>>();
    const byProvider = new Map<ProviderName, { id: string; ref: WorkspaceRef }[]>();
    for (const id of ids) {
      const decoded = this.decode(id);
      if ('kind' in decoded) {
        results.set(id, fail(decoded));
        continue;
      }
      byProvider.set(decoded.provider, [...(byProvider.get(decoded.provider) ?? []), { id, ref: decoded }]);
    }
    await Promise.all(
      PROVIDER_NAMES.filter((provider) => byProvider.has(provider)).map(async (provider) => {
        const items = byProvider.get(provider) ?? [];
        const gateway = this.options.gateway(provider);
        const outcomes = await mapWithConcurrency(items, this.options.readConcurrency, ({ ref }) =>
          'kind' in gateway ? Promise.resolve(fail(gateway)) : gateway.getWorkspace(ref),
        );
        items.forEach(({ id }, index) => results.set(id, outcomes[index] as Outcome<Workspace | null>));
      }),
    );
    return ids.map((id) => results.get(id) as Outcome<Workspace | null>);
  }
}

/** The provider an id's prefix (`<provider>:`) names, whatever follows; null when it names none. */
function providerNamedBy(id: string): ProviderName | null {
  const colon = id.indexOf(':');
  const prefix = colon > 0 ? id.slice(0, colon) : '';
  return isProviderName(prefix) ? prefix : null;
}

/** The caller's token lacks a scope: nothing is sent; the message names the scope. */
function missingScope(provider: ProviderName, scope: Scope): WorkspaceFailure {
  return failures.permissionDenied(provider, `Your token lacks the "${scope}" scope, which this operation needs.`);
}
