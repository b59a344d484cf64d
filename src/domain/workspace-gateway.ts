import type { ProviderCapabilities } from './capabilities';
import type { Outcome } from './failures';
import type { WorkspaceRef } from './global-id';
import type { WorkspacePatch } from './patch';
import type { Workspace } from './workspace';

/**
 * What the graph needs from a provider. Each provider's data source implements it; resolvers
 * and the service see only this.
 */
export interface WorkspaceGateway {
  readonly capabilities: ProviderCapabilities;
  /** `ok` with `null` when the provider answers 404. */
  getWorkspace(ref: WorkspaceRef): Promise<Outcome<Workspace | null>>;
  /** `id` is the global id the caller used, for WorkspaceNotFoundError. */
  updateWorkspace(ref: WorkspaceRef, patch: WorkspacePatch, id: string): Promise<Outcome<Workspace>>;
}
