import { Field, ObjectType } from 'type-graphql';

/** What only Flashback workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface FlashbackDetails {
  provider: 'flashback';
  organizationId: string;
}

@ObjectType({ description: 'What only Flashback workspaces have.' })
export class FlashbackWorkspaceDetails implements Omit<FlashbackDetails, 'provider'> {
  @Field(() => String) organizationId!: string;
}

export const flashbackGraphQL = { details: FlashbackWorkspaceDetails, inputTypes: {} };
