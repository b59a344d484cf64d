import DataLoader from 'dataloader';
import { atPath, INPUT_PATH, MAX_BULK_UPDATES, type InputPath } from './bulk-update';
import { hasScope, SCOPES, type Caller, type Scope } from './caller';
import type { ProviderCapabilities } from './capabilities';
import { mapWithConcurrency } from './concurrency';
import { fail, failures, type Outcome, type WorkspaceFailure } from './failures';
import { decodeGlobalId, globalIdOf, type WorkspaceRef } from './global-id';
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

/** One item of updateWorkspaces. */
export interface UpdateRequest {
  id: string;
  patch: WorkspacePatch;
}

/** One update as the audit log sees it: no values, only which fields were set. */
export interface UpdateAttempt {
  id: string;
  /** The id's provider; null when the id does not name one. */
  provider: ProviderName | null;
  fields: PatchField[];
  outcome: Outcome<Workspace>;
  /** The item's position in updateWorkspaces' `inputs`; absent for updateWorkspace. */
  index?: number;
}

/** An update that passed every check made before the call: where it goes, and through which gateway. */
interface ReadyUpdate {
  id: string;
  ref: WorkspaceRef;
  patch: WorkspacePatch;
  gateway: WorkspaceGateway;
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
    if (!hasScope(this.options.caller, SCOPES.read)) {
      return Promise.resolve(fail(this.withoutScope(id, SCOPES.read, READ_ID_PATH)));
    }
    return this.loader.load(id);
  }

  update(id: string, patch: WorkspacePatch): Promise<Outcome<Workspace>> {
    return this.updateItem(id, patch, INPUT_PATH, (ready) => this.send(ready));
  }

  /**
   * updateWorkspaces: each item checked as `update` checks it (paths from `["inputs", "<i>"]`),
   * a workspace's second and later items refused, the rest handed to their gateways at once; the
   * gateways' limits (src/limits: WRITE_CONCURRENCY lanes shared by the whole process, the
   * request's budget and deadline, the providers' waits) decide when each is sent, if at all.
   * Outcomes in input order; not atomic: each item succeeds or fails on its own.
   */
  updateMany(requests: readonly UpdateRequest[]): Promise<Outcome<Workspace>[]> {
    if (requests.length > MAX_BULK_UPDATES) {
      // The resolver refuses this as BAD_USER_INPUT first: reaching here is a bug of ours.
      throw new RangeError(`at most ${MAX_BULK_UPDATES} updates at once, got ${requests.length}`);
    }
    const firstIndexOf = new Map<string, number>();
    return Promise.all(
      requests.map(({ id, patch }, index) =>
        this.updateItem(
          id,
          patch,
          ['inputs', String(index)],
          (ready) => this.send(ready),
          (ref) => {
            const key = globalIdOf(ref);
            const first = firstIndexOf.get(key);
            if (first === undefined) firstIndexOf.set(key, index);
            return first;
          },
          index,
        ),
      ),
    );
  }

  /**
   * One update, whichever mutation it comes from: the checks before any call, `run` to send
   * it, field errors rooted at `path`, and the audit line.
   */
  private async updateItem(
    id: string,
    patch: WorkspacePatch,
    path: InputPath,
    run: (ready: ReadyUpdate) => Promise<Outcome<Workspace>>,
    earlierIndexOf?: (ref: WorkspaceRef) => number | undefined,
    index?: number,
  ): Promise<Outcome<Workspace>> {
    const checked = this.check(id, patch, path, earlierIndexOf);
    const outcome = atPath('kind' in checked ? fail<Workspace>(checked) : await run(checked), path);
    this.options.onUpdate?.({
      id,
      provider: providerNamedBy(id),
      fields: setFields(patch),
      outcome,
      ...(index === undefined ? {} : { index }),
    });
    return outcome;
  }

  /** The checks before any call: scope, id, the same workspace earlier in the operation, patch, gateway. */
  private check(
    id: string,
    patch: WorkspacePatch,
    path: InputPath,
    earlierIndexOf?: (ref: WorkspaceRef) => number | undefined,
  ): ReadyUpdate | WorkspaceFailure {
    // The scope before the id: without it, a caller does not learn whether an id is valid.
    if (!hasScope(this.options.caller, SCOPES.write)) return this.withoutScope(id, SCOPES.write);
    const decoded = this.decode(id);
    if ('kind' in decoded) return decoded;
    const earlier = earlierIndexOf?.(decoded);
    if (earlier !== undefined) {
      return failures.validation([
        {
          path: [...path, 'id'],
          code: 'INVALID',
          message: `"${id}" is already updated by inputs[${earlier}] of this operation: each workspace may appear once.`,
        },
      ]);
    }
    const fieldErrors = validatePatch(patch, this.options.capabilities[decoded.provider]);
    if (fieldErrors.length > 0) return failures.validation(fieldErrors);
    const gateway = this.options.gateway(decoded.provider);
    if ('kind' in gateway) return gateway;
    return { id, ref: decoded, patch, gateway };
  }

  /** The provider call; a success primes the request's DataLoader. */
  private async send({ id, ref, patch, gateway }: ReadyUpdate): Promise<Outcome<Workspace>> {
    const outcome = await gateway.updateWorkspace(ref, patch, id);
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
  private withoutScope(id: string, scope: Scope, idPath?: readonly string[]): WorkspaceFailure {
    const provider = providerNamedBy(id);
    if (provider) return missingScope(provider, scope);
    const decoded = this.decode(id, idPath);
    return 'kind' in decoded ? decoded : missingScope(decoded.provider, scope);
  }

  /** A malformed id is reported at `idPath`: the update's `input.id` unless told (reads: READ_ID_PATH). */
  private decode(id: string, idPath: readonly string[] = ['input', 'id']): WorkspaceRef | WorkspaceFailure {
    const decoded = decodeGlobalId(id, (provider) => this.options.capabilities[provider].referenceSegments);
    if (decoded.ok) return decoded.ref;
    return failures.validation([{ path: [...idPath], code: 'INVALID', message: `Invalid id: ${decoded.reason}.` }]);
  }

  /** The DataLoader batch: group by provider, run each group's GETs with a cap. */
  private async loadMany(ids: readonly string[]): Promise<Outcome<Workspace | null>[]> {
    const results = new Map<string, Outcome<Workspace | null>>();
    const byProvider = new Map<ProviderName, { id: string; ref: WorkspaceRef }[]>();
    for (const id of ids) {
      const decoded = this.decode(id, READ_ID_PATH);
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

/**
 * Where a read reports a malformed id: the `id` argument of workspace(id:), and the `id` of an
 * `_entities` representation (which one is the GraphQL error's path, e.g. ["_entities", 1]).
 */
const READ_ID_PATH: readonly string[] = ['id'];

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
