import { Directive, Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../scalars';

/** What only Vertra Cloud workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface VertraDetails {
  provider: 'vertra';
  tags: string[];
  ownerId: string | null;
  members: { userId: string; role: string; joinedAt: Date | null }[];
}

/** A value type (same fields wherever it appears): @shareable, so another subgraph may define it too. */
@Directive('@shareable')
@ObjectType({ description: 'A member of a Vertra Cloud workspace.' })
export class WorkspaceMember {
  @Field(() => String) userId!: string;
  @Field(() => String) role!: string;
  @Field(() => DateTimeScalar, { nullable: true }) joinedAt!: Date | null;
}

@ObjectType({ description: 'What only Vertra Cloud workspaces have.' })
export class VertraWorkspaceDetails implements Omit<VertraDetails, 'provider'> {
  @Field(() => [String]) tags!: string[];
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => [WorkspaceMember]) members!: WorkspaceMember[];
}

export const vertraGraphQL = { details: VertraWorkspaceDetails, inputTypes: {} };
