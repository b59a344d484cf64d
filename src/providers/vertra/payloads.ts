import { z } from 'zod';
import { nullableDateTime, nullableString, requiredString } from '../shared/payload-fields';

/** PUT /workspaces/{id} with the changes wrapped in `updates`. */
export interface VertraUpdateRequest {
  updates: { name?: string; description?: string; tags?: string[] };
}

/** `{response: {...}}` */
export const vertraWorkspaceSchema = z.object({
  response: z.object({
    id: requiredString,
    name: requiredString,
    description: nullableString,
    tags: z.array(z.string()).nullish(),
    owner_id: nullableString,
    created_at: nullableDateTime,
    updated_at: nullableDateTime,
    members: z.array(z.object({ user_id: z.string(), role: z.string(), joined_at: nullableDateTime })).nullish(),
  }),
});

/** `{code, message?}` with a documented string code. */
export const vertraErrorSchema = z.object({ code: z.string().optional(), message: z.string().optional() });
