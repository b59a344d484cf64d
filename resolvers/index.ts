import { UpdateWorkspaceResolver } from './update-workspace.resolver';
import { UpdateWorkspacesResolver } from './update-workspaces.resolver';
import { WorkspaceResolver, workspaceReferenceResolver } from './workspace.resolver';

/** Everything the schema is built from. */
export const resolvers = [WorkspaceResolver, UpdateWorkspaceResolver, UpdateWorkspacesResolver] as const;
export const referenceResolvers = workspaceReferenceResolver;
export type { GraphQLContext } from './context';
