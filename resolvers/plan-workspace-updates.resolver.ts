import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { MAX_BULK_UPDATES } from '../src/domain/bulk-update';
import { SCOPES } from '../src/domain/caller';
import type { GraphQLContext } from './context';
import { Cost } from './cost';
import { requiresScopes } from './requires-scopes';
import { planResult, refuseOverBulkLimit, updateRequestOf } from './results';
import { WorkspaceUpdatePlanResult } from './types/plan';
import { UpdateWorkspaceInput } from './types/update-workspace';

@Resolver()
export class PlanWorkspaceUpdatesResolver {
  @Cost('planWorkspaceUpdates')
  @Directive(requiresScopes(SCOPES.read))
  @Query(() => [WorkspaceUpdatePlanResult], {
    description: `What updateWorkspaces would do with these inputs, item by item, in input order, sending no
change: the workspace as it is now, the fields that would change, the request that would go out
and the revision to apply against. At most ${MAX_BULK_UPDATES} inputs; each is one read.`,
  })
  async planWorkspaceUpdates(
    @Arg('inputs', () => [UpdateWorkspaceInput]) inputs: UpdateWorkspaceInput[],
    @Ctx() context: GraphQLContext,
  ): Promise<(typeof WorkspaceUpdatePlanResult)[]> {
    refuseOverBulkLimit('planWorkspaceUpdates', inputs, 'read');
    const outcomes = await context.workspaces.plan(inputs.map(updateRequestOf));
    return outcomes.map(planResult);
  }
}
