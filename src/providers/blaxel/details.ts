import { Directive, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { BLAXEL_STATUSES } from './payloads';

/** The statuses Blaxel's document lists (the wire's values, read in payloads.ts). */
export type BlaxelStatus = (typeof BLAXEL_STATUSES)[number];

/** What only Blaxel workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface BlaxelDetails {
  provider: 'blaxel';
  accountId: string | null;
  region: string | null;
  labels: { key: string; value: string }[];
  runtimeGeneration: string | null;
  groupMappings: { groupName: string; role: string }[];
  status: BlaxelStatus | null;
  statusReason: string | null;
  createdBy: string | null;
  updatedBy: string | null;
}

const BlaxelWorkspaceStatus = Object.fromEntries(BLAXEL_STATUSES.map((s) => [s, s])) as { [S in BlaxelStatus]: S };
registerEnumType(BlaxelWorkspaceStatus, { name: 'BlaxelWorkspaceStatus', description: "Blaxel's workspace status." });

/**
 * Value types (no key, same fields wherever they appear) are @shareable, so another subgraph
 * that also returns workspace labels or group mappings can define them identically.
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

@ObjectType({ description: 'What only Blaxel workspaces have.' })
export class BlaxelWorkspaceDetails implements Omit<BlaxelDetails, 'provider'> {
  @Field(() => String, { nullable: true }) accountId!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => [WorkspaceLabel]) labels!: WorkspaceLabel[];
  @Field(() => String, { nullable: true }) runtimeGeneration!: string | null;
  @Field(() => [WorkspaceGroupMapping]) groupMappings!: WorkspaceGroupMapping[];
  @Field(() => BlaxelWorkspaceStatus, { nullable: true }) status!: BlaxelStatus | null;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

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

/** Blaxel's GraphQL types: its details, and the types of its own input fields. */
export const blaxelGraphQL = {
  details: BlaxelWorkspaceDetails,
  inputTypes: { labels: () => [WorkspaceLabelInput], groupMappings: () => [WorkspaceGroupMappingInput] },
};
