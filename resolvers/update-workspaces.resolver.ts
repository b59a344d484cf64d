import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { MAX_BULK_UPDATES } from '../src/domain/bulk-update';
import { SCOPES } from '../src/domain/caller';
import type { GraphQLContext } from './context';
import { Cost } from './cost';
import { requiresScopes } from './requires-scopes';
import { failureResult, refuseOverBulkLimit, successResult, updateRequestOf } from './results';
import { UpdateWorkspaceInput, UpdateWorkspaceResult } from './types/update-workspace';

@Resolver()
export class UpdateWorkspacesResolver {
  @Cost('updateWorkspaces')
  @Directive(requiresScopes(SCOPES.write))
  @Mutation(() => [UpdateWorkspaceResult], {
    description: `Many updates in one operation: one result per input, in input order; at most ${MAX_BULK_UPDATES} inputs.`,
  })
  async updateWorkspaces(
    @Arg('inputs', () => [UpdateWorkspaceInput]) inputs: UpdateWorkspaceInput[],
    @Ctx() context: GraphQLContext,
  ): Promise<(typeof UpdateWorkspaceResult)[]> {
    // Refused whole, before any check or call: no item is sent, no audit line written.
    refuseOverBulkLimit('updateWorkspaces', inputs, 'sent');
    const outcomes = await context.workspaces.updateMany(inputs.map(updateRequestOf));
    return outcomes.map((outcome) => (outcome.ok ? successResult(outcome.value) : failureResult(outcome.failure)));
  }
}
