// HCP Terraform's seeds: fixed values, so that tests and docs can name them, each with the built-in
// tenant that owns it (acme: the first writable one and the read-only one; globex: the second).
import { type Seed, serial, type Stored } from '../twin';
import { terraformLinks, type TerraformWorkspace, type TerraformWorkspaceAttributes } from './records';

function terraformWorkspace(
  id: string,
  organization: string,
  project: string,
  agentPool: string | null,
  attributes: TerraformWorkspaceAttributes,
): TerraformWorkspace {
  return {
    id,
    type: 'workspaces',
    attributes,
    relationships: {
      organization: { data: { id: organization, type: 'organizations' } },
      project: { data: { id: project, type: 'projects' } },
      'agent-pool': { data: agentPool === null ? null : { id: agentPool, type: 'agent-pools' } },
    },
    links: terraformLinks(organization, attributes.name),
  };
}

export function seedTerraform(): Seed<Stored<TerraformWorkspace>>[] {
  return [
    {
      // The document's example (§3), attribute for attribute, plus the update table's other attributes.
      tenant: 'acme',
      readOnly: false,
      record: terraformWorkspace('ws-KTuq99JSzgmDSvYj', 'my-organization', 'prj-jT92VLSFpv8FwKtc', null, {
        name: 'billing-prod',
        description: 'Billing service, production',
        'created-at': '2021-08-16T21:50:58.726Z',
        'updated-at': '2024-05-02T09:14:31.102Z',
        'auto-apply': true,
        'auto-apply-run-trigger': false,
        'execution-mode': 'remote',
        'terraform-version': '1.9.4',
        'working-directory': 'envs/prod',
        'allow-destroy-plan': true,
        'speculative-enabled': true,
        'global-remote-state': false,
        locked: false,
        'locked-reason': '',
        'resource-count': 10,
        environment: 'default',
        'latest-change-at': '2021-08-16T21:50:58.726Z',
        'vcs-repo': null,
        'vcs-repo-identifier': null,
        'setting-overwrites': { 'execution-mode': false, 'agent-pool': false },
        'file-triggers-enabled': true,
        'queue-all-runs': false,
        'assessments-enabled': false,
        'auto-destroy-at': null,
        'auto-destroy-activity-duration': null,
        'trigger-prefixes': [],
        'trigger-patterns': [],
      }),
    },
    {
      // Another organization; agent execution (the document's example agent pool id), a version
      // constraint, a VCS link and an empty working directory (reads may show "" or null).
      tenant: 'globex',
      readOnly: false,
      record: terraformWorkspace(
        'ws-2ZcQfxgJ8uN4rW7d',
        'globex-corp',
        'prj-Hq4vN8sLm2XwTz6R',
        'apool-ZjT6A7mVFm5WHT5a',
        {
          name: 'network-core',
          description: null,
          'created-at': '2023-02-14T10:05:12.331Z',
          'updated-at': '2025-11-30T16:42:08.907Z',
          'auto-apply': false,
          'auto-apply-run-trigger': true,
          'execution-mode': 'agent',
          'terraform-version': '~> 1.8.0',
          'working-directory': '',
          'allow-destroy-plan': false,
          'speculative-enabled': true,
          'global-remote-state': true,
          locked: false,
          'locked-reason': null,
          'resource-count': 42,
          environment: 'default',
          'latest-change-at': '2025-11-30T16:40:00.000Z',
          'vcs-repo': {
            identifier: 'globex/network-core',
            branch: 'main',
            'ingress-submodules': false,
            'tags-regex': null,
            'oauth-token-id': 'ot-5Rm8qTnX2bVc9LwA',
          },
          'vcs-repo-identifier': 'globex/network-core',
          'setting-overwrites': { 'execution-mode': true, 'agent-pool': true },
          'file-triggers-enabled': true,
          'queue-all-runs': true,
          'assessments-enabled': true,
          'auto-destroy-at': null,
          'auto-destroy-activity-duration': null,
          'trigger-prefixes': ['modules/'],
          'trigger-patterns': [],
        },
      ),
    },
    {
      // Locked, and the token has Read runs but not Admin: reads work, an update answers 404 (§4).
      // The same organization as billing-prod, so its name is taken there.
      tenant: 'acme',
      readOnly: true,
      record: terraformWorkspace('ws-Lk9pR3vT6yB1mXq5', 'my-organization', 'prj-jT92VLSFpv8FwKtc', null, {
        name: 'legacy-network',
        description: 'Pre-2022 network stack, kept for reference',
        'created-at': '2019-06-03T08:12:44.018Z',
        'updated-at': '2022-01-10T12:00:00.000Z',
        'auto-apply': false,
        'auto-apply-run-trigger': false,
        'execution-mode': 'local',
        'terraform-version': '0.14.11',
        'working-directory': null,
        'allow-destroy-plan': false,
        'speculative-enabled': false,
        'global-remote-state': false,
        locked: true,
        'locked-reason': 'Frozen during the datacenter migration',
        'resource-count': 0,
        environment: 'default',
        'latest-change-at': '2022-01-10T12:00:00.000Z',
        'vcs-repo': null,
        'vcs-repo-identifier': null,
        'setting-overwrites': { 'execution-mode': true, 'agent-pool': false },
        'file-triggers-enabled': true,
        'queue-all-runs': false,
        'assessments-enabled': false,
        'auto-destroy-at': null,
        'auto-destroy-activity-duration': null,
        'trigger-prefixes': [],
        'trigger-patterns': [],
      }),
    },
  ];
}

/** Extra workspace `n`, from a copy of the first seed: its own id and name, and the links that follow the name. */
export function extraTerraform(first: Stored<TerraformWorkspace>, n: number): Stored<TerraformWorkspace> {
  const name = `bench-${serial(n)}`;
  const organization = first.record.relationships.organization.data.id;
  return {
    readOnly: false,
    record: {
      ...first.record,
      id: `ws-bench${serial(n)}`,
      attributes: { ...first.record.attributes, name },
      links: terraformLinks(organization, name),
    },
  };
}
