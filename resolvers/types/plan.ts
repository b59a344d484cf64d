import { createUnionType, Field, ObjectType } from 'type-graphql';
import { JSONScalar } from '../scalars';
import {
  WorkspaceAuthenticationError,
  WorkspaceNotFoundError,
  WorkspacePermissionDeniedError,
  WorkspaceProviderError,
  WorkspaceRateLimitedError,
  WorkspaceValidationError,
} from './errors';
import { Workspace } from './workspace';

@ObjectType({ description: 'One input field whose value the update would change.' })
export class WorkspaceFieldChange {
  @Field(() => String, { description: 'The input field, as named in UpdateWorkspaceInput (e.g. name, tags).' })
  field!: string;
  @Field(() => JSONScalar, {
    nullable: true,
    description: "The current value, in the input field's shape (null when unset).",
  })
  before!: unknown;
  @Field(() => JSONScalar, { nullable: true, description: 'The value the update would set.' })
  after!: unknown;
}

@ObjectType({ description: 'The request updateWorkspace would send to the provider (never a credential).' })
export class WorkspaceProviderRequest {
  @Field(() => String, { description: 'GET, PUT, PATCH...' }) method!: string;
  @Field(() => String, {
    description: "Path and query relative to the provider's base URL, e.g. /workspaces/org123.",
  })
  path!: string;
  @Field(() => JSONScalar, { nullable: true, description: 'The JSON body, exactly as it would be sent.' })
  body!: unknown;
}

@ObjectType({ description: 'What updateWorkspace would do with one input, sending nothing.' })
export class WorkspaceUpdatePlan {
  @Field(() => Workspace, { description: 'The workspace as the provider has it now.' })
  workspace!: Workspace;
  @Field(() => [WorkspaceFieldChange], {
    description:
      "One entry per input field whose value would change, in the input's field order; empty when none would.",
  })
  changes!: WorkspaceFieldChange[];
  @Field(() => WorkspaceProviderRequest, {
    description: 'The request updateWorkspace would send for this input (never a credential).',
  })
  request!: WorkspaceProviderRequest;
  @Field(() => String, {
    description:
      "The workspace's current revision: pass it as UpdateWorkspaceInput.expectedRevision to apply this plan only if nothing changed since.",
  })
  revision!: string;
}

export const WorkspaceUpdatePlanResult = createUnionType({
  name: 'WorkspaceUpdatePlanResult',
  description:
    'The plan of one input, or why there is none (the same members as UpdateWorkspaceResult, but for WorkspaceConflictError).',
  types: () =>
    [
      WorkspaceUpdatePlan,
      WorkspaceValidationError,
      WorkspaceNotFoundError,
      WorkspaceAuthenticationError,
      WorkspacePermissionDeniedError,
      WorkspaceRateLimitedError,
      WorkspaceProviderError,
    ] as const,
});
