import type { WorkspaceService } from '../src/domain/workspace-service';

/** What every resolver gets: built per GraphQL request by the server. */
export interface GraphQLContext {
  workspaces: WorkspaceService;
}
