// Seed data: two or three workspaces per provider plus one read-only one. Fixed values so
// that tests and docs can name them; every call returns fresh copies (reset() reseeds).
import type {
  AltostratWorkspace,
  BlaxelWorkspace,
  FlashbackWorkspace,
  Stored,
  StoredDreadnode,
  TerraformWorkspace,
  TerraformWorkspaceAttributes,
  VertraWorkspace,
} from './records';
import { EMULATED_PROVIDERS, type EmulatedProvider, type SeededWorkspace } from './types';

export function seedBlaxel(): Stored<BlaxelWorkspace>[] {
  return [
    {
      readOnly: false,
      record: {
        createdAt: '2026-04-15T12:00:00.000Z',
        updatedAt: '2026-04-15T12:00:00.000Z',
        createdBy: 'alice@example.com',
        updatedBy: 'alice@example.com',
        accountId: 'acc-1a2b3c4d',
        displayName: 'My Workspace',
        groupMappings: [{ groupName: 'Engineering', role: 'admin' }],
        id: 'ws-7f3c9a12',
        labels: { env: 'prod' },
        name: 'my-workspace',
        region: 'us-west-2',
        runtime: { generation: 'mk3' },
        status: 'ready',
      },
    },
    {
      readOnly: false,
      record: {
        createdAt: '2026-03-02T09:30:00.000Z',
        updatedAt: '2026-04-01T08:15:00.000Z',
        createdBy: 'bob@example.com',
        updatedBy: 'alice@example.com',
        accountId: 'acc-1a2b3c4d',
        displayName: 'Staging',
        groupMappings: [],
        id: 'ws-2b8d4e61',
        labels: { env: 'staging', team: 'platform' },
        name: 'staging',
        region: 'eu-west-1',
        runtime: { generation: 'mk2' },
        status: 'error',
        statusReason: 'Account billing is not configured',
      },
    },
    {
      readOnly: true,
      record: {
        createdAt: '2025-11-20T16:45:00.000Z',
        updatedAt: '2025-12-01T10:00:00.000Z',
        createdBy: 'carol@example.com',
        updatedBy: 'carol@example.com',
        accountId: 'acc-9f8e7d6c',
        displayName: 'Locked Workspace',
        groupMappings: [{ groupName: 'Auditors', role: 'viewer' }],
        id: 'ws-9a1c5f30',
        labels: {},
        name: 'locked-workspace',
        region: 'us-east-1',
        runtime: { generation: 'mk3' },
        status: 'ready',
      },
    },
  ];
}

const ACME_ORG_ID = '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d';

export function seedDreadnode(): StoredDreadnode[] {
  const common = { org_id: ACME_ORG_ID, org_name: 'Acme', created_by: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };
  return [
    {
      org: 'acme',
      readOnly: false,
      record: {
        ...common,
        created_at: '2026-04-15T12:00:00Z',
        description: 'Research experiments',
        id: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
        is_active: true,
        is_default: true,
        key: 'research',
        name: 'Research',
        project_count: 3,
        updated_at: '2026-04-15T12:00:00Z',
      },
    },
    {
      org: 'acme',
      readOnly: false,
      record: {
        ...common,
        created_at: '2026-02-10T08:00:00Z',
        description: null,
        id: '7a6b5c4d-3e2f-4a1b-8c9d-e0f1a2b3c4d5',
        is_active: true,
        is_default: false,
        key: 'platform',
        name: 'Platform',
        project_count: 0,
        updated_at: '2026-03-01T17:20:00Z',
      },
    },
    {
      org: 'acme',
      readOnly: true,
      record: {
        ...common,
        created_at: '2025-06-01T00:00:00Z',
        description: 'Archived projects (read-only)',
        id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
        is_active: false,
        is_default: false,
        key: 'archive',
        name: 'Archive',
        project_count: 12,
        updated_at: '2025-12-31T23:59:59Z',
      },
    },
  ];
}

export function seedFlashback(): Stored<FlashbackWorkspace>[] {
  return [
    {
      readOnly: false,
      record: {
        id: '123e4567-e89b-12d3-a456-426614174000',
        name: 'Development Workspace',
        orgId: '987fcdeb-51a2-43d1-9f12-345678901234',
      },
    },
    {
      readOnly: false,
      record: {
        id: '3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607',
        name: 'Staging Workspace',
        orgId: '987fcdeb-51a2-43d1-9f12-345678901234',
      },
    },
    {
      // Another organisation: its name may be reused in the first one.
      readOnly: true,
      record: {
        id: '9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
        name: 'Finance Workspace',
        orgId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      },
    },
  ];
}

export function seedVertra(): Stored<VertraWorkspace>[] {
  return [
    {
      // The document's example values.
      readOnly: false,
      record: {
        id: 'org123',
        name: 'updatedworkspace',
        description: 'Updated description',
        tags: ['newtag', 'updated'],
        owner_id: '993591427428790342',
        created_at: '2026-03-14T19:58:00Z',
        updated_at: '2026-03-14T20:00:00Z',
        members: [{ user_id: '993591427428790342', role: 'owner', joined_at: '2026-03-14T19:58:00Z' }],
      },
    },
    {
      readOnly: false,
      record: {
        id: 'org456',
        name: 'analytics',
        description: '',
        tags: [],
        owner_id: '993591427428790342',
        created_at: '2026-01-05T10:00:00Z',
        updated_at: '2026-02-11T14:30:00Z',
        members: [
          { user_id: '993591427428790342', role: 'owner', joined_at: '2026-01-05T10:00:00Z' },
          { user_id: '112233445566778899', role: 'member', joined_at: '2026-01-20T09:00:00Z' },
        ],
      },
    },
    {
      readOnly: true,
      record: {
        id: 'org789',
        name: 'archived-team',
        description: 'Owned by someone else; we are a viewer',
        tags: ['legacy'],
        owner_id: '445566778899001122',
        created_at: '2025-08-01T12:00:00Z',
        updated_at: '2025-08-01T12:00:00Z',
        members: [
          { user_id: '445566778899001122', role: 'owner', joined_at: '2025-08-01T12:00:00Z' },
          { user_id: '993591427428790342', role: 'viewer', joined_at: '2025-09-01T12:00:00Z' },
        ],
      },
    },
  ];
}

export function seedAltostrat(): Stored<AltostratWorkspace>[] {
  return [
    {
      readOnly: false,
      record: {
        id: 'ws_a1b2c3d4e5f6g7h8',
        name: 'ACME Corporation',
        description: 'Primary workspace for all ACME projects.',
        billing_mode: 'pooled',
        pooled_seat_limit: 100,
        archived: false,
        created_at: '2025-10-29T00:40:06.000000Z',
        updated_at: '2025-10-29T00:40:06.000000Z',
        archived_at: null,
      },
    },
    {
      readOnly: false,
      record: {
        id: 'ws_q9r8s7t6u5v4w3x2',
        name: 'Globex Labs',
        description: null,
        billing_mode: 'single',
        pooled_seat_limit: null,
        archived: false,
        created_at: '2025-11-03T14:12:45.000000Z',
        updated_at: '2026-01-08T09:00:00.000000Z',
        archived_at: null,
      },
    },
    {
      // Archived, and we are only a viewer: reads work, updates are forbidden.
      readOnly: true,
      record: {
        id: 'ws_r0e1a2d3o4n5l6y7',
        name: 'Initech Legacy',
        description: 'Archived workspace',
        billing_mode: 'assigned',
        pooled_seat_limit: null,
        archived: true,
        created_at: '2024-05-17T08:00:00.000000Z',
        updated_at: '2025-01-02T12:00:00.000000Z',
        archived_at: '2025-01-02T12:00:00.000000Z',
      },
    },
  ];
}

/** What HCP Terraform's `links` are made of: the organization and workspace names (document §3). */
export function terraformLinks(organization: string, name: string): TerraformWorkspace['links'] {
  return {
    self: `/api/v2/organizations/${organization}/workspaces/${name}`,
    'self-html': `/app/${organization}/workspaces/${name}`,
  };
}

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

export function seedTerraform(): Stored<TerraformWorkspace>[] {
  return [
    {
      // The document's example (§3), attribute for attribute, plus the update table's other attributes.
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

/** A seeded entry as its provider's path addresses it. */
interface Addressed {
  reference: string;
  record: { id: string; name: string };
  readOnly: boolean;
}

const addressed = <E extends Omit<Addressed, 'reference'>>(
  entries: E[],
  reference: (entry: E) => string,
): Addressed[] =>
  entries.map((entry) => ({ reference: reference(entry), record: entry.record, readOnly: entry.readOnly }));

/**
 * Each provider's seeds with the reference its path needs (Blaxel's name, Dreadnode's org/key, else the id:
 * HCP Terraform's `ws-…` id, though it is also reachable by organization and name).
 */
function seedsByReference(): Record<EmulatedProvider, Addressed[]> {
  return {
    blaxel: addressed(seedBlaxel(), (e) => e.record.name),
    dreadnode: addressed(seedDreadnode(), (e) => `${e.org}/${e.record.key}`),
    flashback: addressed(seedFlashback(), (e) => e.record.id),
    vertra: addressed(seedVertra(), (e) => e.record.id),
    altostrat: addressed(seedAltostrat(), (e) => e.record.id),
    terraform: addressed(
      seedTerraform().map(({ record, readOnly }) => ({
        readOnly,
        record: { id: record.id, name: record.attributes.name },
      })),
      (e) => e.record.id,
    ),
  };
}

const SEEDS = seedsByReference();

/** What the README lists: the reference each provider's path needs, and the name. */
export const SEEDED_WORKSPACES: Record<EmulatedProvider, SeededWorkspace[]> = Object.fromEntries(
  EMULATED_PROVIDERS.map((provider) => [
    provider,
    SEEDS[provider].map(({ reference, record, readOnly }) => ({
      reference,
      name: record.name,
      ...(readOnly ? { readOnly: true } : {}),
    })),
  ]),
) as Record<EmulatedProvider, SeededWorkspace[]>;

/**
 * Global id of every seeded workspace (`blaxel:my-workspace`) -> its provider and record id. The record id
 * never changes (no update touches it), so access granted by global id survives a rename or a key change.
 */
export const SEEDED_RECORD_IDS: ReadonlyMap<string, { provider: EmulatedProvider; id: string }> = new Map(
  EMULATED_PROVIDERS.flatMap((provider) =>
    SEEDS[provider].map((e) => [`${provider}:${e.reference}`, { provider, id: e.record.id }] as const),
  ),
);

// ---------------------------------------------------------------------------------------------
// Extra workspaces, for batches (updateWorkspaces tests, `npm run bench`): `count` more writable
// workspaces per provider, copies of the first seed under their own id and name. Reachable with
// the emulator's main token only (no tenant lists them).
// ---------------------------------------------------------------------------------------------

/** More would only slow every reset down; a batch has at most 100 items. */
export const MAX_EXTRA_WORKSPACES = 500;

/** 1 -> "001". */
const serial = (n: number): string => String(n).padStart(3, '0');
/** A UUID-shaped id that no seed uses: 00000000-0000-4000-8000-000000000001. */
const extraUuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function extras<T extends { readOnly: boolean }>(
  first: T | undefined,
  count: number,
  make: (first: T, n: number) => T,
): T[] {
  if (!first || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => make(structuredClone(first), i + 1));
}

/** Each provider's seeds plus `count` extra writable copies of its first seed. */
export const SEEDS_WITH_EXTRAS = {
  blaxel: (count: number): Stored<BlaxelWorkspace>[] => {
    const seeds = seedBlaxel();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => ({
        readOnly: false,
        record: {
          ...s.record,
          id: `ws-bench${serial(n)}`,
          name: `bench-${serial(n)}`,
          displayName: `Bench ${serial(n)}`,
        },
      })),
    ];
  },
  dreadnode: (count: number): StoredDreadnode[] => {
    const seeds = seedDreadnode();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => ({
        org: s.org,
        readOnly: false,
        record: {
          ...s.record,
          id: extraUuid(n),
          key: `bench-${serial(n)}`,
          name: `Bench ${serial(n)}`,
          is_default: false,
        },
      })),
    ];
  },
  flashback: (count: number): Stored<FlashbackWorkspace>[] => {
    const seeds = seedFlashback();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => ({
        readOnly: false,
        record: { ...s.record, id: extraUuid(n), name: `Bench Workspace ${serial(n)}` },
      })),
    ];
  },
  vertra: (count: number): Stored<VertraWorkspace>[] => {
    const seeds = seedVertra();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => ({
        readOnly: false,
        record: { ...s.record, id: `bench${serial(n)}`, name: `bench-${serial(n)}` },
      })),
    ];
  },
  altostrat: (count: number): Stored<AltostratWorkspace>[] => {
    const seeds = seedAltostrat();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => ({
        readOnly: false,
        record: { ...s.record, id: `ws_bench${serial(n)}`, name: `Bench ${serial(n)}` },
      })),
    ];
  },
  terraform: (count: number): Stored<TerraformWorkspace>[] => {
    const seeds = seedTerraform();
    return [
      ...seeds,
      ...extras(seeds[0], count, (s, n) => {
        const name = `bench-${serial(n)}`;
        const organization = s.record.relationships.organization.data.id;
        return {
          readOnly: false,
          record: {
            ...s.record,
            id: `ws-bench${serial(n)}`,
            attributes: { ...s.record.attributes, name },
            links: terraformLinks(organization, name),
          },
        };
      }),
    ];
  },
} as const satisfies Record<EmulatedProvider, (count: number) => Stored<unknown>[]>;

/** The global ids (`vertra:bench001`, …) of the extra workspaces an emulator with `count` extras has. */
export function extraWorkspaceIds(count: number): Record<EmulatedProvider, string[]> {
  const n = Array.from({ length: Math.max(0, count) }, (_, i) => i + 1);
  return {
    blaxel: n.map((i) => `blaxel:bench-${serial(i)}`),
    dreadnode: n.map((i) => `dreadnode:acme/bench-${serial(i)}`),
    flashback: n.map((i) => `flashback:${extraUuid(i)}`),
    vertra: n.map((i) => `vertra:bench${serial(i)}`),
    altostrat: n.map((i) => `altostrat:ws_bench${serial(i)}`),
    terraform: n.map((i) => `terraform:ws-bench${serial(i)}`),
  };
}
