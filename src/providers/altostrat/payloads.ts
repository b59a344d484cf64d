import { z } from 'zod';
import { nullableDateTime, nullableInt, nullableString, requiredString, upperCaseEnum } from '../shared/payload-fields';

/** PATCH /workspaces/{workspaceId}; description may be null. */
export interface AltostratUpdateRequest {
  name?: string;
  description?: string | null;
}

export const ALTOSTRAT_BILLING_MODES = ['SINGLE', 'ASSIGNED', 'POOLED'] as const;

export const altostratWorkspaceSchema = z.object({
  id: requiredString,
  name: requiredString,
  description: nullableString,
  billing_mode: upperCaseEnum(ALTOSTRAT_BILLING_MODES),
  pooled_seat_limit: nullableInt,
  archived: z.boolean().nullish(),
  created_at: nullableDateTime,
  updated_at: nullableDateTime,
  archived_at: nullableDateTime,
});

/** `{type, code, message, doc_url}` (400 and 500 only; 401/403/404 have no documented body). */
export const altostratErrorSchema = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  doc_url: z.string().optional(),
});
