// The six providers' workspace records, as their documents show them on the wire.
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

/** HCP Terraform's `vcs-repo`, with the nested keys its document names. */
export interface TerraformVcsRepo {
  identifier: string;
  branch: string;
  'ingress-submodules': boolean;
  'tags-regex': string | null;
  /** Exactly one of the two. */
  'oauth-token-id'?: string;
  'github-app-installation-id'?: string;
}

export type TerraformExecutionMode = 'remote' | 'local' | 'agent';

/** The `attributes` of a `workspaces` resource, kebab-case as on the wire (document §3 and §6). */
export interface TerraformWorkspaceAttributes {
  name: string;
  description: string | null;
  'created-at': string;
  'updated-at': string;
  'auto-apply': boolean;
  'auto-apply-run-trigger': boolean;
  'execution-mode': TerraformExecutionMode;
  'terraform-version': string;
  'working-directory': string | null;
  'allow-destroy-plan': boolean;
  'speculative-enabled': boolean;
  'global-remote-state': boolean;
  locked: boolean;
  'locked-reason': string | null;
  'resource-count': number;
  environment: string;
  'latest-change-at': string;
  'vcs-repo': TerraformVcsRepo | null;
  'vcs-repo-identifier': string | null;
  'setting-overwrites': { 'execution-mode': boolean; 'agent-pool': boolean };
  // Named by the update table and the "full response" notes, beyond the trimmed sample.
  'file-triggers-enabled': boolean;
  'queue-all-runs': boolean;
  'assessments-enabled': boolean;
  'auto-destroy-at': string | null;
  'auto-destroy-activity-duration': string | null;
  'trigger-prefixes': string[];
  'trigger-patterns': string[];
}

/** A JSON:API `workspaces` resource object (what `data` holds). `attributes.permissions` is added per reply. */
export interface TerraformWorkspace {
  /** `ws-…`: never changes, a rename included. */
  id: string;
  type: 'workspaces';
  attributes: TerraformWorkspaceAttributes;
  relationships: {
    /** The organization's name, not an opaque id. */
    organization: { data: { id: string; type: 'organizations' } };
    project: { data: { id: string; type: 'projects' } };
    'agent-pool': { data: { id: string; type: 'agent-pools' } | null };
  };
  /** Built from the organization and workspace names, so a rename changes them. */
  links: { self: string; 'self-html': string };
}

/** A stored workspace: the record plus what the caller may do with it. */
export interface Stored<T> {
  record: T;
  /** GET works, an update is refused with 403 (HCP Terraform: 404, as for a token without Admin). */
  readOnly: boolean;
}

/** Dreadnode's path carries the organisation's slug, which the record does not. */
export interface StoredDreadnode extends Stored<DreadnodeWorkspace> {
  org: string;
}
