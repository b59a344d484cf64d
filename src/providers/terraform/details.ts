import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where runs execute, as the schema names it (the API's `remote`, `local`, `agent`). */
export const TERRAFORM_EXECUTION_MODES = ['REMOTE', 'LOCAL', 'AGENT'] as const;
export type TerraformExecutionMode = (typeof TERRAFORM_EXECUTION_MODES)[number];

/** What only HCP Terraform workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface TerraformDetails {
  provider: 'terraform';
  organizationName: string;
  executionMode: TerraformExecutionMode | null;
  autoApply: boolean;
  terraformVersion: string | null;
  workingDirectory: string | null;
  locked: boolean;
  resourceCount: number | null;
  environment: string | null;
  projectId: string | null;
}

/** The enum, in both the details and UpdateWorkspaceInput.executionMode. */
export const TerraformExecutionModeEnum = Object.fromEntries(TERRAFORM_EXECUTION_MODES.map((m) => [m, m])) as {
  [M in TerraformExecutionMode]: M;
};
registerEnumType(TerraformExecutionModeEnum, {
  name: 'TerraformExecutionMode',
  description: "Where an HCP Terraform workspace's runs execute (the API's remote, local, agent).",
});

@ObjectType({ description: 'What only HCP Terraform workspaces have.' })
export class TerraformWorkspaceDetails implements Omit<TerraformDetails, 'provider'> {
  @Field(() => String, { description: "The organization's name (Terraform identifies organizations by name)." })
  organizationName!: string;
  @Field(() => TerraformExecutionModeEnum, { nullable: true }) executionMode!: TerraformExecutionMode | null;
  @Field(() => Boolean) autoApply!: boolean;
  @Field(() => String, { nullable: true }) terraformVersion!: string | null;
  @Field(() => String, { nullable: true }) workingDirectory!: string | null;
  @Field(() => Boolean) locked!: boolean;
  @Field(() => Int, { nullable: true }) resourceCount!: number | null;
  @Field(() => String, { nullable: true }) environment!: string | null;
  @Field(() => String, { nullable: true }) projectId!: string | null;
}

/** HCP Terraform's GraphQL types: its details, and the type of its `custom` input field. */
export const terraformGraphQL = {
  details: TerraformWorkspaceDetails,
  inputTypes: { executionMode: () => TerraformExecutionModeEnum },
};
