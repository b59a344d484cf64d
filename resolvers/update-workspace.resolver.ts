import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { SCOPES } from '../src/domain/caller';
import type { GraphQLContext } from './context';
import { Cost } from './cost';
import { requiresScopes } from './requires-scopes';
import { failureResult, successResult, updateRequestOf } from './results';
import { UpdateWorkspaceInput, UpdateWorkspaceResult } from './types/update-workspace';

@Resolver()
export class UpdateWorkspaceResolver {
  @Cost('updateWorkspace')
  @Directive(requiresScopes(SCOPES.write))
  @Mutation(() => UpdateWorkspaceResult, {
    description: 'Updates one workspace at its provider. Every outcome is typed: a success or one error member.',
  })
  async updateWorkspace(
    @Arg('input', () => UpdateWorkspaceInput) input: UpdateWorkspaceInput,
    @Ctx() context: GraphQLContext,
  ): Promise<typeof UpdateWorkspaceResult> {
    const { id, patch, expectedRevision } = updateRequestOf(input);
    const outcome = await context.workspaces.update(id, patch, expectedRevision);
    return outcome.ok ? successResult(outcome.value) : failureResult(outcome.failure);
  }
}
