import { z } from 'zod';
import { nullableDateTime, nullableString, requiredString, upperCaseEnum } from '../shared/payload-fields';

/** PUT /workspaces/{workspaceName}: every field optional; only the set ones are sent. */
export interface BlaxelUpdateRequest {
  accountId?: string;
  displayName?: string;
  groupMappings?: { groupName: string; role: string }[];
  labels?: Record<string, string>;
  name?: string;
  region?: string;
  runtime?: { generation: string };
}

export const BLAXEL_STATUSES = [
  'CREATED',
  'ACCOUNT_BINDED',
  'ACCOUNT_CONFIGURED',
  'WORKSPACE_CONFIGURED',
  'READY',
  'ERROR',
] as const;

/** The workspace body of a successful GET or PUT. */
export const blaxelWorkspaceSchema = z.object({
  id: requiredString,
  name: requiredString,
  displayName: nullableString,
  accountId: nullableString,
  region: nullableString,
  labels: z.record(z.string(), z.string()).nullish(),
  runtime: z.object({ generation: nullableString }).nullish(),
  groupMappings: z.array(z.object({ groupName: z.string(), role: z.string() })).nullish(),
  status: upperCaseEnum(BLAXEL_STATUSES),
  statusReason: nullableString,
  createdAt: nullableDateTime,
  updatedAt: nullableDateTime,
  createdBy: nullableString,
  updatedBy: nullableString,
});

export type BlaxelWorkspacePayload = z.infer<typeof blaxelWorkspaceSchema>;
