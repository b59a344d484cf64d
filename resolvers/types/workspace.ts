import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { WorkspaceDetails as DomainDetails } from '../../src/domain/workspace';
import { PROVIDER_FACTS, type ProviderName } from '../../src/registry';
import { DateTimeScalar } from '../scalars';
import { WorkspaceProvider } from './enums';
import { WorkspaceDetails } from './workspace-details';

/** `  vertra:<workspace id>    e.g. vertra:org123`, one line per provider of the registry. */
const ID_SHAPES = PROVIDER_FACTS.map((facts) => {
  const shape = `${facts.name}:${facts.reference.shape}`;
  return `  ${shape.padEnd(37)}e.g. ${facts.name}:${facts.reference.example}`;
}).join('\n');

@Directive('@key(fields: "id")')
@ObjectType({
  description: `A workspace at one of the providers, in one shape.

id is global: '<provider in lower case>:<reference>', where the reference is what the
provider's REST path needs:
${ID_SHAPES}
Where an update changes the reference (a Blaxel rename, a Dreadnode key change), the
returned workspace carries the new id.`,
})
export class Workspace {
  @Field(() => ID) id!: string;
  @Field(() => WorkspaceProvider) provider!: ProviderName;
  @Field(() => String, { description: "The provider's own id field (for Blaxel too; its reference is its name)." })
  providerId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt!: Date | null;
  @Field(() => WorkspaceDetails, { description: 'What only this provider has.' }) details!: DomainDetails;
}
