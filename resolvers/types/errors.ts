import { Directive, Field, ID, InterfaceType, Int, ObjectType } from 'type-graphql';
import type { ProviderName } from '../../src/registry';
import { WorkspaceFieldErrorCode, WorkspaceProvider } from './enums';

/** The conventional `interface Error { message }`, the same in every subgraph. */
@InterfaceType('Error', { description: 'What every error result has.' })
export abstract class ErrorInterface {
  @Field(() => String) message!: string;
}

@Directive('@shareable')
@ObjectType({ description: 'One refused input field.' })
export class WorkspaceFieldError {
  @Field(() => [String], { description: 'Path of the input field, from the argument: e.g. ["input", "tags", "2"].' })
  path!: string[];
  @Field(() => WorkspaceFieldErrorCode) code!: WorkspaceFieldErrorCode;
  @Field(() => String) message!: string;
}

@ObjectType({
  implements: ErrorInterface,
  description: 'The input was refused, by this subgraph before any call or by the provider.',
})
export class WorkspaceValidationError extends ErrorInterface {
  @Field(() => [WorkspaceFieldError]) fieldErrors!: WorkspaceFieldError[];
}

@ObjectType({ implements: ErrorInterface, description: 'The provider has no workspace with this id.' })
export class WorkspaceNotFoundError extends ErrorInterface {
  @Field(() => ID) id!: string;
}

@ObjectType({
  implements: ErrorInterface,
  description: 'The provider did not accept the credentials (or none were configured).',
})
export class WorkspaceAuthenticationError extends ErrorInterface {
  @Field(() => WorkspaceProvider) provider!: ProviderName;
}

@ObjectType({ implements: ErrorInterface, description: 'The credentials are valid but may not change this workspace.' })
export class WorkspacePermissionDeniedError extends ErrorInterface {
  @Field(() => WorkspaceProvider) provider!: ProviderName;
}

@ObjectType({
  implements: ErrorInterface,
  description: 'The change clashes with another workspace, e.g. a name that must be unique.',
})
export class WorkspaceConflictError extends ErrorInterface {
  @Field(() => String, { nullable: true, description: 'The input field that clashes, where known (e.g. name).' })
  field!: string | null;
}

@ObjectType({ implements: ErrorInterface, description: 'The provider is limiting the rate of requests.' })
export class WorkspaceRateLimitedError extends ErrorInterface {
  @Field(() => WorkspaceProvider) provider!: ProviderName;
  @Field(() => Int, { nullable: true, description: "From the provider's Retry-After, where it sent one." })
  retryAfterSeconds!: number | null;
}

@ObjectType({
  implements: ErrorInterface,
  description: 'The provider failed, timed out, was unreachable, or answered with something unusable.',
})
export class WorkspaceProviderError extends ErrorInterface {
  @Field(() => WorkspaceProvider) provider!: ProviderName;
  @Field(() => Int, { nullable: true, description: "The provider's HTTP status, where one came back." })
  status!: number | null;
  @Field(() => String, { nullable: true, description: "The provider's own error code or type, where it sent one." })
  code!: string | null;
  @Field(() => Boolean, { description: 'Whether the same request may succeed if tried again later.' })
  retryable!: boolean;
}
