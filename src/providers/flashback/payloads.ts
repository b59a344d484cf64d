import { z } from 'zod';
import { requiredString } from '../shared/payload-fields';

/** PUT /workspace/{id} */
export interface FlashbackUpdateRequest {
  name?: string;
}

/** `{success: true, workspace: {id, name, orgId}}`; all three workspace fields are required. */
export const flashbackWorkspaceSchema = z.object({
  success: z.literal(true),
  workspace: z.object({ id: requiredString, name: requiredString, orgId: requiredString }),
});

/** `{success: false, message}` */
export const flashbackErrorSchema = z.object({ success: z.boolean().optional(), message: z.string().optional() });
