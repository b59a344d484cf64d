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
/** Read field by field: one odd field must not cost the others (each falls back to undefined). */
export const dreadnodeErrorSchema = z.object({
  code: z.number().optional().catch(undefined),
  detail: z.string().optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  errors: z
    .array(
      z.object({
        loc: z
          .array(z.union([z.string(), z.number()]))
          .optional()
          .catch(undefined),
        msg: z.string().optional().catch(undefined),
        type: z.string().optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
});
