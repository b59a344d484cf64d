import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { SCOPES } from '../src/domain/caller';
import type { GraphQLContext } from './context';
import { Cost } from './cost';
import { requiresScopes } from './requires-scopes';
import { asGraphWorkspace, readError } from './results';
import { Workspace } from './types/workspace';

/** Reads go through the request's DataLoader: one upstream GET per distinct workspace. */
async function loadWorkspace(id: string, context: GraphQLContext): Promise<Workspace | null> {
  const outcome = await context.workspaces.read(id);
  if (!outcome.ok) throw readError(outcome.failure);
  return outcome.value && asGraphWorkspace(outcome.value);
}

@Resolver(() => Workspace)
export class WorkspaceResolver {
  @Cost('workspace')
  @Directive(requiresScopes(SCOPES.read))
  @Query(() => Workspace, { nullable: true, description: 'null when the provider has no such workspace.' })
  workspace(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<Workspace | null> {
    return loadWorkspace(id, context);
  }
}

/**
 * Federation's entry point for `_entities(representations: [{__typename: "Workspace", id}])`.
 * A failed read is returned as its error rather than thrown: graphql-js and graphql-jit both make
 * a returned Error the item's null and its entry in `errors`, whereas graphql-jit 0.8.9 misplaces
 * the null of a rejected list item that settles after a later one (it appends it to the list,
 * which shifts every entity after it for the router).
 */
export const workspaceReferenceResolver = {
  Workspace: {
    __resolveReference: (reference: { id: string }, context: GraphQLContext) =>
      loadWorkspace(reference.id, context).catch((error: unknown) => error),
  },
};
