import { z } from 'zod';
import { nullableDateTime, nullableInt, nullableString, requiredString } from '../shared/payload-fields';

/** PUT /org/{org}/ws/{ws}: Dreadnode's own (snake_case) names. */
export interface DreadnodeUpdateRequest {
  description?: string;
  is_active?: boolean;
  key?: string;
  name?: string;
}

/** The workspace body of a successful GET or PUT. */
export const dreadnodeWorkspaceSchema = z.object({
  id: requiredString,
  name: requiredString,
  key: z.string().min(1).nullish(),
  description: nullableString,
  is_active: z.boolean(),
  is_default: z.boolean(),
  org_id: z.string(),
  org_name: nullableString,
  project_count: nullableInt,
  created_by: nullableString,
  created_at: nullableDateTime,
  updated_at: nullableDateTime,
});

/** The canonical error envelope: `{code, detail, type, errors?: [{loc, msg, type}]}`. */
export const dreadnodeErrorSchema = z.object({
  code: z.number().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  errors: z
    .array(
      z.object({
        loc: z.array(z.union([z.string(), z.number()])).optional(),
        msg: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
});
