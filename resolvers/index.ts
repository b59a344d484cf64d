import { PlanWorkspaceUpdatesResolver } from './plan-workspace-updates.resolver';
import { UpdateWorkspaceResolver } from './update-workspace.resolver';
import { UpdateWorkspacesResolver } from './update-workspaces.resolver';
import { WorkspaceResolver, workspaceReferenceResolver } from './workspace.resolver';

/** Everything the schema is built from. */
export const resolvers = [
  WorkspaceResolver,
  PlanWorkspaceUpdatesResolver,
  UpdateWorkspaceResolver,
  UpdateWorkspacesResolver,
] as const;
export const referenceResolvers = workspaceReferenceResolver;
export { workspaceDetailsResolvers } from './types/workspace-details';
export type { GraphQLContext } from './context';
