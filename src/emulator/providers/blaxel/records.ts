// Blaxel's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/blaxel/CONTRACT.md), written from that document, not from the client's schema.

export interface BlaxelWorkspace {
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  accountId: string;
  displayName: string;
  groupMappings: { groupName: string; role: string }[];
  id: string;
  labels: Record<string, string>;
  name: string;
  region: string;
  runtime: { generation: string };
  status: 'created' | 'account_binded' | 'account_configured' | 'workspace_configured' | 'ready' | 'error';
  /** Only set for the error status. */
  statusReason?: string;
}
