import { z } from 'zod';
import { nullableDateTime, nullableInt, nullableString, requiredString, upperCaseEnum } from '../shared/payload-fields';
import { TERRAFORM_EXECUTION_MODES } from './details';

/** The attributes an update sends, under the API's kebab-case names (only those set). */
export interface TerraformUpdateAttributes {
  name?: string;
  description?: string;
  'auto-apply'?: boolean;
  'execution-mode'?: 'remote' | 'local' | 'agent';
  'terraform-version'?: string;
  'working-directory'?: string;
}

/** PATCH /workspaces/{id}: a JSON:API document, `data.type` "workspaces". */
export interface TerraformUpdateRequest {
  data: { type: 'workspaces'; attributes: TerraformUpdateAttributes };
}

/** `relationships.<name>.data.id`, where the relationship and its data are present. */
const relationshipId = z
  .object({ data: z.object({ id: z.string() }).nullish() })
  .nullish()
  .transform((value) => value?.data?.id ?? null);

/**
 * A `workspaces` document (GET and the update's 200, §3/§6). Usable only with `data.type`
 * "workspaces", `data.id` and `data.attributes.name`; the other members are read when present.
 */
export const terraformWorkspaceSchema = z.object({
  data: z.object({
    id: requiredString,
    type: z.literal('workspaces'),
    attributes: z.object({
      name: requiredString,
      description: nullableString,
      'created-at': nullableDateTime,
      'updated-at': nullableDateTime,
      'auto-apply': z.boolean().nullish(),
      'execution-mode': upperCaseEnum(TERRAFORM_EXECUTION_MODES),
      'terraform-version': nullableString,
      'working-directory': nullableString,
      locked: z.boolean().nullish(),
      'resource-count': nullableInt,
      environment: nullableString,
    }),
    relationships: z
      .object({ organization: relationshipId, project: relationshipId })
      .nullish()
      .transform((value) => ({ organization: value?.organization ?? null, project: value?.project ?? null })),
    links: z.object({ self: z.string().nullish() }).nullish(),
  }),
});

/** One JSON:API error object (§4). `status` is a string per JSON:API, a number in the 429 sample. */
export const terraformErrorObjectSchema = z.object({
  status: z.union([z.string(), z.number()]).nullish(),
  code: z.string().nullish(),
  title: z.string().nullish(),
  detail: z.string().nullish(),
  source: z.object({ pointer: z.string().nullish() }).nullish(),
});
export type TerraformErrorObject = z.infer<typeof terraformErrorObjectSchema>;

/** `{"errors": [...]}`. */
export const terraformErrorsSchema = z.object({ errors: z.array(z.unknown()) });
