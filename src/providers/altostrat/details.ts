import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../scalars';
import { ALTOSTRAT_BILLING_MODES } from './payloads';

export type AltostratBillingMode = (typeof ALTOSTRAT_BILLING_MODES)[number];

/** What only Altostrat workspaces have (the domain's shape; `provider` picks the GraphQL type). */
export interface AltostratDetails {
  provider: 'altostrat';
  billingMode: AltostratBillingMode | null;
  pooledSeatLimit: number | null;
  archived: boolean;
  archivedAt: Date | null;
}

const AltostratBillingModeEnum = Object.fromEntries(ALTOSTRAT_BILLING_MODES.map((m) => [m, m])) as {
  [M in AltostratBillingMode]: M;
};
registerEnumType(AltostratBillingModeEnum, { name: 'AltostratBillingMode', description: "Altostrat's billing mode." });

@ObjectType({ description: 'What only Altostrat workspaces have.' })
export class AltostratWorkspaceDetails implements Omit<AltostratDetails, 'provider'> {
  @Field(() => AltostratBillingModeEnum, { nullable: true }) billingMode!: AltostratBillingMode | null;
  @Field(() => Int, { nullable: true }) pooledSeatLimit!: number | null;
  @Field(() => Boolean) archived!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt!: Date | null;
}

export const altostratGraphQL = { details: AltostratWorkspaceDetails, inputTypes: {} };
