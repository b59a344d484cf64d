import DataLoader from 'dataloader';
import { atPath, INPUT_PATH, MAX_BULK_UPDATES, type InputPath } from './bulk-update';
import { hasScope, SCOPES, type Caller, type Scope } from './caller';
import type { ProviderCapabilities } from './capabilities';
import { mapPerGroup } from './concurrency';
import { fail, failures, succeed, type FieldError, type Outcome, type WorkspaceFailure } from './failures';
import { decodeGlobalId, globalIdOf, type WorkspaceRef } from './global-id';
import { setFields, type PatchField, type WorkspacePatch } from './patch';
import { changesOf, type CurrentWorkspace, type WorkspacePlan } from './plan';
import { isProviderName, PROVIDER_LABELS, type ProviderName } from './provider';
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

/** One item of updateWorkspaces (or of planWorkspaceUpdates). */
export interface UpdateRequest {
  id: string;
  patch: WorkspacePatch;
  /** Send only if the workspace is still at this revision (from a plan); null or absent: no check. */
  expectedRevision?: string | null | undefined;
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
  /** The revision the update was to be applied at, when the caller gave one. */
  expectedRevision?: string;
  /** True when the workspace had changed since that revision: refused, nothing sent. */
  revisionChanged?: boolean;
}

/** An update that passed every check made before the call: where it goes, and through which gateway. */
interface ReadyUpdate {
  id: string;
  ref: WorkspaceRef;
  patch: WorkspacePatch;
  gateway: WorkspaceGateway;
  expectedRevision: string | null;
}

/** The longest expectedRevision accepted (revisions are much shorter; this only bounds what is compared). */
const MAX_REVISION_LENGTH = 200;

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

  update(id: string, patch: WorkspacePatch, expectedRevision?: string | null): Promise<Outcome<Workspace>> {
    return this.updateItem({ id, patch, expectedRevision }, INPUT_PATH);
  }

  /**
   * updateWorkspaces: each item checked as `update` checks it (paths from `["inputs", "<i>"]`),
   * a workspace's second and later items refused, the rest handed to their gateways at once; the
   * gateways' limits (src/limits: WRITE_CONCURRENCY lanes shared by the whole process, the
   * request's budget and deadline, the providers' waits) decide when each is sent, if at all.
   * Outcomes in input order; not atomic: each item succeeds or fails on its own.
   */
  updateMany(requests: readonly UpdateRequest[]): Promise<Outcome<Workspace>[]> {
    checkBulkSize(requests);
    const earlierIndexOf = firstIndexTracker();
    return Promise.all(
      requests.map((request, index) => this.updateItem(request, ['inputs', String(index)], earlierIndexOf, index)),
    );
  }

  /**
   * planWorkspaceUpdates: what updateMany would do, sending no change. Each item gets the same
   * checks (with `workspaces:read` instead of `workspaces:write`; field errors at the same paths),
   * then one GET past every cache: the workspace as it is, the fields that would change, the
   * request that would be sent and the revision. GETs run `readConcurrency` at once per provider.
   */
  async plan(requests: readonly UpdateRequest[]): Promise<Outcome<WorkspacePlan>[]> {
    checkBulkSize(requests);
    const earlierIndexOf = firstIndexTracker();
    const items = requests.map((request, index) => {
      const path = ['inputs', String(index)];
      return { item: this.check(request, path, SCOPES.read, (ref) => earlierIndexOf(ref, index)), path };
    });
    // Refused items wait for nothing: each is a group of its own.
    return mapPerGroup(
      items,
      ({ item }) => ('kind' in item ? item : item.ref.provider),
      this.options.readConcurrency,
      async ({ item, path }) => ('kind' in item ? atPath(fail(item), path) : this.planOf(item)),
    );
  }

  private async planOf({ id, ref, patch, gateway }: ReadyUpdate): Promise<Outcome<WorkspacePlan>> {
    const current = await this.readCurrent(id, ref, gateway);
    if (!current.ok) return current;
    const { workspace, revision } = current.value;
    return succeed({
      workspace,
      changes: changesOf(workspace, patch, gateway.capabilities),
      request: gateway.requestFor(ref, patch),
      revision,
    });
  }

  /** The workspace now, fresh; a 404 is a WorkspaceNotFoundError, and a read's conflict answer a provider error. */
  private async readCurrent(
    id: string,
    ref: WorkspaceRef,
    gateway: WorkspaceGateway,
  ): Promise<Outcome<CurrentWorkspace>> {
    const read = await gateway.readCurrent(ref);
    if (!read.ok) return fail(asReadFailure(read.failure, ref.provider));
    if (read.value === null)
      return fail(failures.notFound(id, `${PROVIDER_LABELS[ref.provider]} has no workspace ${id}`));
    return succeed(read.value);
  }

  /**
   * One update, whichever mutation it comes from: the checks before any call, the revision check
   * and the call, field errors rooted at `path`, and the audit line.
   */
  private async updateItem(
    request: UpdateRequest,
    path: InputPath,
    earlierIndexOf?: (ref: WorkspaceRef, index: number) => number | undefined,
    index?: number,
  ): Promise<Outcome<Workspace>> {
    const { id, patch } = request;
    const checked = this.check(
      request,
      path,
      SCOPES.write,
      earlierIndexOf && index !== undefined ? (ref) => earlierIndexOf(ref, index) : undefined,
    );
    let result: Outcome<Workspace>;
    // Only the revision check refuses with a conflict before anything is sent.
    let revisionChanged = false;
    if ('kind' in checked) result = fail(checked);
    else {
      const refused = await this.revisionRefusal(checked);
      revisionChanged = refused?.kind === 'conflict';
      result = refused ? fail(refused) : await this.send(checked);
    }
    const outcome = atPath(result, path);
    this.options.onUpdate?.({
      id,
      provider: providerNamedBy(id),
      fields: setFields(patch),
      outcome,
      ...(index === undefined ? {} : { index }),
      ...(typeof request.expectedRevision === 'string' ? { expectedRevision: request.expectedRevision } : {}),
      ...(revisionChanged ? { revisionChanged } : {}),
    });
    return outcome;
  }

  /**
   * An update with an expected revision reads the workspace first: null when it is still at that
   * revision (or none was given); otherwise why not (a WorkspaceConflictError with no field when it
   * changed), and nothing is sent. Providers have no conditional update: this narrows lost updates,
   * the window between this read and the write stays.
   */
  private async revisionRefusal({ id, ref, gateway, expectedRevision }: ReadyUpdate): Promise<WorkspaceFailure | null> {
    if (expectedRevision === null) return null;
    const current = await this.readCurrent(id, ref, gateway);
    if (!current.ok) return current.failure;
    if (current.value.revision === expectedRevision) return null;
    return failures.conflict(
      null,
      `Workspace ${id} changed since the plan (revision ${expectedRevision}; it is now at ${current.value.revision}). Nothing was sent: plan again, review the changes and apply with the new revision.`,
    );
  }

  /**
   * The checks before any call: scope, id, the same workspace earlier in the operation, patch,
   * expected revision, gateway.
   */
  private check(
    { id, patch, expectedRevision = null }: UpdateRequest,
    path: InputPath,
    scope: Scope,
    earlierIndexOf?: (ref: WorkspaceRef) => number | undefined,
  ): ReadyUpdate | WorkspaceFailure {
    // The scope before the id: without it, a caller does not learn whether an id is valid.
    if (!hasScope(this.options.caller, scope)) return this.withoutScope(id, scope);
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
    const fieldErrors = [
      ...validatePatch(patch, this.options.capabilities[decoded.provider]),
      ...validateRevision(expectedRevision),
    ];
    if (fieldErrors.length > 0) return failures.validation(fieldErrors);
    const gateway = this.options.gateway(decoded.provider);
    if ('kind' in gateway) return gateway;
    return { id, ref: decoded, patch, gateway, expectedRevision };
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
  private loadMany(ids: readonly string[]): Promise<Outcome<Workspace | null>[]> {
    const reads = ids.map((id) => ({ id, ref: this.decode(id, READ_ID_PATH) }));
    // A malformed id waits for nothing: a group of its own.
    return mapPerGroup(
      reads,
      ({ ref }) => ('kind' in ref ? ref : ref.provider),
      this.options.readConcurrency,
      async ({ ref }): Promise<Outcome<Workspace | null>> => {
        if ('kind' in ref) return fail(ref);
        const gateway = this.options.gateway(ref.provider);
        return 'kind' in gateway ? fail(gateway) : gateway.getWorkspace(ref);
      },
    );
  }
}

/** More inputs than a bulk operation takes: the resolver refuses them as BAD_USER_INPUT first, so reaching here is a bug of ours. */
function checkBulkSize(requests: readonly UpdateRequest[]): void {
  if (requests.length > MAX_BULK_UPDATES) {
    throw new RangeError(`at most ${MAX_BULK_UPDATES} items at once, got ${requests.length}`);
  }
}

/** Per operation: the index of the first item that named a workspace, for the items after it. */
function firstIndexTracker(): (ref: WorkspaceRef, index: number) => number | undefined {
  const firstIndexOf = new Map<string, number>();
  return (ref, index) => {
    const key = globalIdOf(ref);
    const first = firstIndexOf.get(key);
    if (first === undefined) firstIndexOf.set(key, index);
    return first;
  };
}

function validateRevision(expectedRevision: string | null): FieldError[] {
  if (expectedRevision === null) return [];
  if (expectedRevision.length === 0 || expectedRevision.length > MAX_REVISION_LENGTH) {
    return [
      {
        path: ['input', 'expectedRevision'],
        code: 'INVALID',
        message: `expectedRevision must be a revision from planWorkspaceUpdates (1 to ${MAX_REVISION_LENGTH} characters).`,
      },
    ];
  }
  return [];
}

/**
 * A read's failure as a plan shows it: a plan has no WorkspaceConflictError (that member means
 * "changed since the plan" or a clash of the change), so a provider answering a GET with a
 * conflict is a provider error.
 */
function asReadFailure(failure: WorkspaceFailure, provider: ProviderName): WorkspaceFailure {
  if (failure.kind !== 'conflict') return failure;
  return failures.provider(provider, { status: 409, code: 'CONFLICT', retryable: false }, failure.message);
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
