import { createUnionType, Directive, Field, Int, ObjectType } from 'type-graphql';
import type { WorkspaceDetails as DomainDetails } from '../../src/domain/workspace';
import { DateTimeScalar } from '../scalars';
import { AltostratBillingMode, BlaxelWorkspaceStatus } from './enums';

/**
 * Value types (no key, same fields wherever they appear) are @shareable, so another subgraph
 * that also returns workspace labels, group mappings or members can define them identically.
 */
@Directive('@shareable')
@ObjectType({ description: 'A key-value label.' })
export class WorkspaceLabel {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'A directory group and the role its members get.' })
export class WorkspaceGroupMapping {
  @Field(() => String) groupName!: string;
  @Field(() => String) role!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'A member of a Vertra Cloud workspace.' })
export class WorkspaceMember {
  @Field(() => String) userId!: string;
  @Field(() => String) role!: string;
  @Field(() => DateTimeScalar, { nullable: true }) joinedAt!: Date | null;
}

@ObjectType({ description: 'What only Blaxel workspaces have.' })
export class BlaxelWorkspaceDetails {
  @Field(() => String, { nullable: true }) accountId!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => [WorkspaceLabel]) labels!: WorkspaceLabel[];
  @Field(() => String, { nullable: true }) runtimeGeneration!: string | null;
  @Field(() => [WorkspaceGroupMapping]) groupMappings!: WorkspaceGroupMapping[];
  @Field(() => BlaxelWorkspaceStatus, { nullable: true }) status!: BlaxelWorkspaceStatus | null;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

@ObjectType({ description: 'What only Dreadnode workspaces have.' })
export class DreadnodeWorkspaceDetails {
  @Field(() => String, { description: 'The unique workspace key (the ws slug of the id).' }) key!: string;
  @Field(() => Boolean) isActive!: boolean;
  @Field(() => Boolean) isDefault!: boolean;
  @Field(() => String) organizationId!: string;
  @Field(() => String, { nullable: true }) organizationName!: string | null;
  @Field(() => Int, { nullable: true }) projectCount!: number | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
}

@ObjectType({ description: 'What only Flashback workspaces have.' })
export class FlashbackWorkspaceDetails {
  @Field(() => String) organizationId!: string;
}

@ObjectType({ description: 'What only Vertra Cloud workspaces have.' })
export class VertraWorkspaceDetails {
  @Field(() => [String]) tags!: string[];
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => [WorkspaceMember]) members!: WorkspaceMember[];
}

@ObjectType({ description: 'What only Altostrat workspaces have.' })
export class AltostratWorkspaceDetails {
  @Field(() => AltostratBillingMode, { nullable: true }) billingMode!: AltostratBillingMode | null;
  @Field(() => Int, { nullable: true }) pooledSeatLimit!: number | null;
  @Field(() => Boolean) archived!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt!: Date | null;
}

const DETAILS_TYPE_OF: Record<DomainDetails['provider'], string> = {
  blaxel: 'BlaxelWorkspaceDetails',
  dreadnode: 'DreadnodeWorkspaceDetails',
  flashback: 'FlashbackWorkspaceDetails',
  vertra: 'VertraWorkspaceDetails',
  altostrat: 'AltostratWorkspaceDetails',
};

export const WorkspaceDetails = createUnionType({
  name: 'WorkspaceDetails',
  description: "What only the workspace's provider has.",
  types: () =>
    [
      BlaxelWorkspaceDetails,
      DreadnodeWorkspaceDetails,
      FlashbackWorkspaceDetails,
      VertraWorkspaceDetails,
      AltostratWorkspaceDetails,
    ] as const,
  // Resolvers hand over domain details, which carry their provider.
  resolveType: (details) => DETAILS_TYPE_OF[(details as unknown as DomainDetails).provider],
});
