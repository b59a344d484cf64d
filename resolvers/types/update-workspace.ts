import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import {
  WorkspaceAuthenticationError,
  WorkspaceConflictError,
  WorkspaceNotFoundError,
  WorkspacePermissionDeniedError,
  WorkspaceProviderError,
  WorkspaceRateLimitedError,
  WorkspaceValidationError,
} from './errors';
import { Workspace } from './workspace';

@InputType({ description: 'A label to set.' })
export class WorkspaceLabelInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType({ description: 'A directory group and the role its members get.' })
export class WorkspaceGroupMappingInput {
  @Field(() => String) groupName!: string;
  @Field(() => String) role!: string;
}

/** A field left out is `undefined` here; an explicit null is `null` (and counts as set). */
@InputType({
  description: `A partial update: a field left out stays as it is. description: null clears the description
where the provider allows it. A field that the workspace's provider does not have gives a
WorkspaceValidationError (code UNSUPPORTED_FIELD), and nothing is sent to the provider.
Which provider has which field: name (all), description (Dreadnode, Vertra, Altostrat),
displayName / labels / region / runtimeGeneration / groupMappings / accountId (Blaxel),
key / isActive (Dreadnode), tags (Vertra).`,
})
export class UpdateWorkspaceInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => [WorkspaceLabelInput], { nullable: true, description: 'Replaces the whole set.' })
  labels?: WorkspaceLabelInput[] | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) runtimeGeneration?: string | null;
  @Field(() => [WorkspaceGroupMappingInput], { nullable: true }) groupMappings?: WorkspaceGroupMappingInput[] | null;
  @Field(() => String, { nullable: true }) accountId?: string | null;
  @Field(() => String, { nullable: true }) key?: string | null;
  @Field(() => Boolean, { nullable: true }) isActive?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Replaces the whole set.' }) tags?: string[] | null;
}

@ObjectType({ description: 'The update went through; the workspace as the provider now has it.' })
export class UpdateWorkspaceSuccess {
  @Field(() => Workspace) workspace!: Workspace;
}

export const UpdateWorkspaceResult = createUnionType({
  name: 'UpdateWorkspaceResult',
  description:
    'The outcome of updateWorkspace: a success or one kind of failure. Select `... on Error { message }` to stay safe when members are added.',
  types: () =>
    [
      UpdateWorkspaceSuccess,
      WorkspaceValidationError,
      WorkspaceNotFoundError,
      WorkspaceAuthenticationError,
      WorkspacePermissionDeniedError,
      WorkspaceConflictError,
      WorkspaceRateLimitedError,
      WorkspaceProviderError,
    ] as const,
});
