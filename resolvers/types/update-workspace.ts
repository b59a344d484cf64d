import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import type { InputFieldSpec } from '../../src/registry/kit';
import type { WorkspacePatch } from '../../src/domain/patch';
import { PROVIDERS } from '../../src/providers';
import { INPUT_FIELDS, PROVIDER_FACTS, type PatchField } from '../../src/registry';
import type { GraphQLTypeThunk } from '../../src/providers/shared/provider-module';
import {
  WorkspaceAuthenticationError,
  WorkspaceConflictError,
  WorkspaceNotFoundError,
  WorkspacePermissionDeniedError,
  WorkspaceProviderError,
  WorkspaceRateLimitedError,
  WorkspaceValidationError,
} from './errors';
import { Workspace } from './workspace';

/**
 * "name (all), description (Dreadnode, Vertra Cloud, Altostrat), displayName / labels / … (Blaxel), …",
 * from the registry: fields with the same providers grouped, wrapped at 100 characters.
 */
function whoHasWhichField(): string {
  const all = PROVIDER_FACTS.length;
  const groups: { fields: string[]; owners: string }[] = [];
  for (const { name } of INPUT_FIELDS) {
    const labels = PROVIDER_FACTS.filter((facts) => name in facts.fields).map((facts) => facts.label);
    const owners = labels.length === all ? 'all' : labels.join(', ');
    const last = groups.at(-1);
    if (last?.owners === owners) last.fields.push(name);
    else groups.push({ fields: [name], owners });
  }
  const parts = groups.map((g) => `${g.fields.join(' / ')} (${g.owners})`);
  const lines = ['Which provider has which field:'];
  parts.forEach((part, index) => {
    const text = `${part}${index === parts.length - 1 ? '.' : ','}`;
    if (`${lines.at(-1)} ${text}`.length > 100) lines.push(text);
    else lines[lines.length - 1] = `${lines.at(-1)} ${text}`;
  });
  return lines.join('\n');
}

/**
 * A partial update. A field left out is `undefined` here; an explicit null is `null` (and counts
 * as set). Besides `id`, its fields are the registry's input fields (the shared name and
 * description, then each provider's own, in registry order), attached below.
 */
@InputType({
  description: `A partial update: a field left out stays as it is. description: null clears the description
where the provider allows it. A field that the workspace's provider does not have gives a
WorkspaceValidationError (code UNSUPPORTED_FIELD), and nothing is sent to the provider.
${whoHasWhichField()}`,
})
// The registry's fields are attached below and typed by merging with this interface: the class
// has no other members that could disagree with them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class UpdateWorkspaceInput {
  @Field(() => ID) id!: string;
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface UpdateWorkspaceInput extends WorkspacePatch {
  expectedRevision?: string | null;
}

/** The GraphQL type of an input field: by its kind, or from the provider that brings it. */
function graphqlTypeOf(
  name: PatchField,
  spec: InputFieldSpec<unknown>,
  provider: keyof typeof PROVIDERS | null,
): GraphQLTypeThunk {
  switch (spec.kind) {
    case 'string':
      return () => String;
    case 'boolean':
      return () => Boolean;
    case 'string-list':
      return () => [String];
    case 'custom': {
      const type = provider ? PROVIDERS[provider].graphql.inputTypes[name] : undefined;
      if (!type) throw new Error(`no GraphQL type for the input field "${name}"`);
      return type;
    }
  }
}

for (const { name, spec, provider } of INPUT_FIELDS) {
  Field(graphqlTypeOf(name, spec, provider), {
    nullable: true,
    ...(spec.description ? { description: spec.description } : {}),
  })(UpdateWorkspaceInput.prototype, name);
}
// Last, after the fields it guards (README, "Plan, then apply").
Field(() => String, {
  nullable: true,
  description: `Apply only if the workspace is still at this revision (from planWorkspaceUpdates). If it
changed since, the result is WorkspaceConflictError (field null) and nothing is sent.`,
})(UpdateWorkspaceInput.prototype, 'expectedRevision');

@ObjectType({ description: 'The update went through; the workspace as the provider now has it.' })
export class UpdateWorkspaceSuccess {
  @Field(() => Workspace) workspace!: Workspace;
}

export const UpdateWorkspaceResult = createUnionType({
  name: 'UpdateWorkspaceResult',
  description:
    'The outcome of updateWorkspace: a success or one kind of failure. Select `... on Error { message }` to stay safe when members are added.',
  types: () =>
    [
      UpdateWorkspaceSuccess,
      WorkspaceValidationError,
      WorkspaceNotFoundError,
      WorkspaceAuthenticationError,
      WorkspacePermissionDeniedError,
      WorkspaceConflictError,
      WorkspaceRateLimitedError,
      WorkspaceProviderError,
    ] as const,
});
