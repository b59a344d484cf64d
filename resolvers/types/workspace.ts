import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { WorkspaceDetails as DomainDetails } from '../../src/domain/workspace';
import { DateTimeScalar } from '../scalars';
import { WorkspaceProvider } from './enums';
import { WorkspaceDetails } from './workspace-details';

@Directive('@key(fields: "id")')
@ObjectType({
  description: `A workspace at one of the providers, in one shape.

id is global: '<provider in lower case>:<reference>', where the reference is what the
provider's REST path needs:
  blaxel:<workspace name>              e.g. blaxel:my-workspace
  dreadnode:<org slug>/<ws slug>       e.g. dreadnode:acme/research
  flashback:<workspace id>             e.g. flashback:123e4567-e89b-12d3-a456-426614174000
  vertra:<workspace id>                e.g. vertra:org123
  altostrat:<workspace id>             e.g. altostrat:ws_a1b2c3d4e5f6g7h8
Where an update changes the reference (a Blaxel rename, a Dreadnode key change), the
returned workspace carries the new id.`,
})
export class Workspace {
  @Field(() => ID) id!: string;
  @Field(() => WorkspaceProvider) provider!: WorkspaceProvider;
  @Field(() => String, { description: "The provider's own id field (for Blaxel too; its reference is its name)." })
  providerId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt!: Date | null;
  @Field(() => WorkspaceDetails, { description: 'What only this provider has.' }) details!: DomainDetails;
}
