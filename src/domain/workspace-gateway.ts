import type { ProviderCapabilities } from './capabilities';
import type { Outcome } from './failures';
import type { WorkspaceRef } from './global-id';
import type { WorkspacePatch } from './patch';
import type { CurrentWorkspace, ProviderRequest } from './plan';
import type { Workspace } from './workspace';

/**
 * What the graph needs from a provider. Each provider's data source implements it; resolvers
 * and the service see only this.
 */
export interface WorkspaceGateway {
  readonly capabilities: ProviderCapabilities;
  /** `ok` with `null` when the provider answers 404. */
  getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>>;
  /**
   * The workspace as the provider has it now (never from a cache) and its revision: what a plan
   * shows and what an update with an expected revision checks first. `ok` with `null` on a 404.
   */
  readCurrent(ref: WorkspaceRef): Promise<Outcome<CurrentWorkspace | null>>;
  /** The request `updateWorkspace` sends for this patch (a plan shows it); sends nothing. */
  requestFor(ref: WorkspaceRef, patch: WorkspacePatch): ProviderRequest;
  /** `id` is the global id the caller used, for WorkspaceNotFoundError. */
  updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>>;
}
