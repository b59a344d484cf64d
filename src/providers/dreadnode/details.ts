import { Field, Int, ObjectType } from 'type-graphql';

/** What only Dreadnode workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface DreadnodeDetails {
  provider: 'dreadnode';
  key: string;
  isActive: boolean;
  isDefault: boolean;
  organizationId: string;
  organizationName: string | null;
  projectCount: number | null;
  createdBy: string | null;
}

@ObjectType({ description: 'What only Dreadnode workspaces have.' })
export class DreadnodeWorkspaceDetails implements Omit<DreadnodeDetails, 'provider'> {
  @Field(() => String, { description: 'The unique workspace key (the ws slug of the id).' }) key!: string;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Boolean) isDefault!: boolean;
  @Field(() => String) organizationId!: string;
  @Field(() => String, { nullable: true }) organizationName!: string | null;
  @Field(() => Int, { nullable: true }) projectCount!: number | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
}

export const dreadnodeGraphQL = { details: DreadnodeWorkspaceDetails, inputTypes: {} };
