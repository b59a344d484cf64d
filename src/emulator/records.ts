// The five providers' workspace records, as their documents show them on the wire.
// Written from the documents in shared/seeds, not from the clients' schemas.

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

export interface DreadnodeWorkspace {
  created_at: string;
  created_by: string;
  description: string | null;
  id: string;
  is_active: boolean;
  is_default: boolean;
  key: string;
  name: string;
  org_id: string;
  org_name: string;
  project_count: number;
  updated_at: string;
}

export interface FlashbackWorkspace {
  id: string;
  name: string;
  orgId: string;
}

export interface VertraWorkspace {
  id: string;
  name: string;
  description: string;
  tags: string[];
  owner_id: string;
  created_at: string;
  updated_at: string;
  members: { user_id: string; role: string; joined_at: string }[];
}

export interface AltostratWorkspace {
  id: string;
  name: string;
  description: string | null;
  billing_mode: 'single' | 'assigned' | 'pooled';
  pooled_seat_limit: number | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

/** A stored workspace: the record plus what the caller may do with it. */
export interface Stored<T> {
  record: T;
  /** GET works, an update is refused with 403. */
  readOnly: boolean;
}

/** Dreadnode's path carries the organisation's slug, which the record does not. */
export interface StoredDreadnode extends Stored<DreadnodeWorkspace> {
  org: string;
}
