// HCP Terraform's workspace record as the provider's public document shows it on the wire (summed up in
// src/providers/terraform/CONTRACT.md), written from that document, not from the client's schema.

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

/** What HCP Terraform's `links` are made of: the organization and workspace names (document §3). */
export function terraformLinks(organization: string, name: string): TerraformWorkspace['links'] {
  return {
    self: `/api/v2/organizations/${organization}/workspaces/${name}`,
    'self-html': `/app/${organization}/workspaces/${name}`,
  };
}
