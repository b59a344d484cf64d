// A successful updateWorkspace for each provider: the typed UpdateWorkspaceSuccess AND the exact
// REST request the provider (the emulator) received.
import { describe, expect, it } from 'vitest';
import {
  FIXTURES,
  FLASHBACK_DEV_ID,
  ISO_MILLIS,
  onlyRequest,
  useHarness,
  type UpdateInput,
  type WorkspaceData,
} from './helpers';

interface SuccessCase {
  title: string;
  input: UpdateInput;
  method: 'PUT' | 'PATCH';
  path: string;
  /** The whole JSON body the provider must receive: only the set fields, under its own names. */
  body: unknown;
  /** The body's media type, when not JSON's (HCP Terraform: JSON:API's). */
  contentType?: string;
  /** The workspace the result must carry (updatedAt is checked separately). */
  workspace: Omit<WorkspaceData, 'updatedAt'>;
}

const CASES: SuccessCase[] = [
  {
    title: 'Blaxel: every Blaxel field, PUT with labels as an object and runtime.generation',
    input: {
      id: 'blaxel:my-workspace',
      displayName: 'Production',
      labels: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'core' },
      ],
      region: 'eu-central-1',
      runtimeGeneration: 'mk4',
      groupMappings: [{ groupName: 'Ops', role: 'member' }],
      accountId: 'acc-5e6f7a8b',
    },
    method: 'PUT',
    path: '/workspaces/my-workspace',
    body: {
      accountId: 'acc-5e6f7a8b',
      displayName: 'Production',
      groupMappings: [{ groupName: 'Ops', role: 'member' }],
      labels: { env: 'prod', team: 'core' },
      region: 'eu-central-1',
      runtime: { generation: 'mk4' },
    },
    workspace: {
      id: 'blaxel:my-workspace',
      provider: 'BLAXEL',
      providerId: 'ws-7f3c9a12',
      name: 'my-workspace',
      displayName: 'Production',
      description: null,
      createdAt: '2026-04-15T12:00:00.000Z',
      details: {
        __typename: 'BlaxelWorkspaceDetails',
        accountId: 'acc-5e6f7a8b',
        region: 'eu-central-1',
        labels: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'core' },
        ],
        runtimeGeneration: 'mk4',
        groupMappings: [{ groupName: 'Ops', role: 'member' }],
        status: 'READY',
        statusReason: null,
        createdBy: 'alice@example.com',
        updatedBy: 'emulator@blaxel.local',
      },
    },
  },
  {
    title: 'Dreadnode: name, description and isActive as is_active',
    input: { id: 'dreadnode:acme/research', name: 'Research Lab', description: 'ML experiments', isActive: false },
    method: 'PUT',
    path: '/org/acme/ws/research',
    body: { description: 'ML experiments', is_active: false, name: 'Research Lab' },
    workspace: {
      id: 'dreadnode:acme/research',
      provider: 'DREADNODE',
      providerId: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
      name: 'Research Lab',
      displayName: null,
      description: 'ML experiments',
      createdAt: '2026-04-15T12:00:00.000Z',
      details: {
        __typename: 'DreadnodeWorkspaceDetails',
        key: 'research',
        isActive: false,
        isDefault: true,
        organizationId: '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d',
        organizationName: 'Acme',
        projectCount: 3,
        createdBy: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      },
    },
  },
  {
    title: 'Flashback: the name, PUT /workspace/{id}',
    input: { id: `flashback:${FLASHBACK_DEV_ID}`, name: 'Updated Development Workspace' },
    method: 'PUT',
    path: `/workspace/${FLASHBACK_DEV_ID}`,
    body: { name: 'Updated Development Workspace' },
    workspace: {
      id: `flashback:${FLASHBACK_DEV_ID}`,
      provider: 'FLASHBACK',
      providerId: FLASHBACK_DEV_ID,
      name: 'Updated Development Workspace',
      displayName: null,
      description: null,
      createdAt: null,
      details: { __typename: 'FlashbackWorkspaceDetails', organizationId: '987fcdeb-51a2-43d1-9f12-345678901234' },
    },
  },
  {
    title: 'Vertra Cloud: name, description and tags wrapped in {updates}',
    input: { id: 'vertra:org456', name: 'analytics-eu', description: 'Team analytics', tags: ['data', 'bi'] },
    method: 'PUT',
    path: '/workspaces/org456',
    body: { updates: { name: 'analytics-eu', description: 'Team analytics', tags: ['data', 'bi'] } },
    workspace: {
      id: 'vertra:org456',
      provider: 'VERTRA',
      providerId: 'org456',
      name: 'analytics-eu',
      displayName: null,
      description: 'Team analytics',
      createdAt: '2026-01-05T10:00:00.000Z',
      details: {
        __typename: 'VertraWorkspaceDetails',
        tags: ['data', 'bi'],
        ownerId: '993591427428790342',
        members: [
          { userId: '993591427428790342', role: 'owner', joinedAt: '2026-01-05T10:00:00.000Z' },
          { userId: '112233445566778899', role: 'member', joinedAt: '2026-01-20T09:00:00.000Z' },
        ],
      },
    },
  },
  {
    title: 'Altostrat: name and description, PATCH',
    input: {
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      name: 'ACME Corp. Workspace',
      description: 'Main workspace for all company operations.',
    },
    method: 'PATCH',
    path: '/workspaces/ws_a1b2c3d4e5f6g7h8',
    body: { name: 'ACME Corp. Workspace', description: 'Main workspace for all company operations.' },
    workspace: {
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      provider: 'ALTOSTRAT',
      providerId: 'ws_a1b2c3d4e5f6g7h8',
      name: 'ACME Corp. Workspace',
      displayName: null,
      description: 'Main workspace for all company operations.',
      createdAt: '2025-10-29T00:40:06.000Z',
      details: {
        __typename: 'AltostratWorkspaceDetails',
        billingMode: 'POOLED',
        pooledSeatLimit: 100,
        archived: false,
        archivedAt: null,
      },
    },
  },
  {
    title: 'Altostrat: description null is sent as null (documented nullable) and clears it',
    input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: null },
    method: 'PATCH',
    path: '/workspaces/ws_a1b2c3d4e5f6g7h8',
    body: { description: null },
    workspace: {
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      provider: 'ALTOSTRAT',
      providerId: 'ws_a1b2c3d4e5f6g7h8',
      name: 'ACME Corporation',
      displayName: null,
      description: null,
      createdAt: '2025-10-29T00:40:06.000Z',
      details: {
        __typename: 'AltostratWorkspaceDetails',
        billingMode: 'POOLED',
        pooledSeatLimit: 100,
        archived: false,
        archivedAt: null,
      },
    },
  },
  {
    title: 'HCP Terraform: every field, PATCH with a JSON:API document under kebab-case names; a rename keeps the id',
    input: {
      id: 'terraform:ws-KTuq99JSzgmDSvYj',
      name: 'billing-production',
      description: 'Billing service, production (EU)',
      autoApply: false,
      executionMode: 'LOCAL',
      terraformVersion: '~> 1.9.0',
      workingDirectory: 'envs/production',
    },
    method: 'PATCH',
    path: '/workspaces/ws-KTuq99JSzgmDSvYj',
    contentType: 'application/vnd.api+json',
    body: {
      data: {
        type: 'workspaces',
        attributes: {
          name: 'billing-production',
          description: 'Billing service, production (EU)',
          'auto-apply': false,
          'execution-mode': 'local',
          'terraform-version': '~> 1.9.0',
          'working-directory': 'envs/production',
        },
      },
    },
    workspace: {
      id: 'terraform:ws-KTuq99JSzgmDSvYj',
      provider: 'TERRAFORM',
      providerId: 'ws-KTuq99JSzgmDSvYj',
      name: 'billing-production',
      displayName: null,
      description: 'Billing service, production (EU)',
      createdAt: '2021-08-16T21:50:58.726Z',
      details: {
        __typename: 'TerraformWorkspaceDetails',
        organization: 'my-organization',
        executionMode: 'LOCAL',
        autoApply: false,
        terraformVersion: '~> 1.9.0',
        workingDirectory: 'envs/production',
        locked: false,
        resourceCount: 10,
        environment: 'default',
        projectId: 'prj-jT92VLSFpv8FwKtc',
      },
    },
  },
  {
    title: 'HCP Terraform: one field, only it is sent',
    input: { id: 'terraform:ws-2ZcQfxgJ8uN4rW7d', autoApply: true },
    method: 'PATCH',
    path: '/workspaces/ws-2ZcQfxgJ8uN4rW7d',
    contentType: 'application/vnd.api+json',
    body: { data: { type: 'workspaces', attributes: { 'auto-apply': true } } },
    workspace: {
      id: 'terraform:ws-2ZcQfxgJ8uN4rW7d',
      provider: 'TERRAFORM',
      providerId: 'ws-2ZcQfxgJ8uN4rW7d',
      name: 'network-core',
      displayName: null,
      description: null,
      createdAt: '2023-02-14T10:05:12.331Z',
      details: {
        __typename: 'TerraformWorkspaceDetails',
        organization: 'globex-corp',
        executionMode: 'AGENT',
        autoApply: true,
        terraformVersion: '~> 1.8.0',
        workingDirectory: '',
        locked: false,
        resourceCount: 42,
        environment: 'default',
        projectId: 'prj-Hq4vN8sLm2XwTz6R',
      },
    },
  },
  {
    title: 'Vertra Cloud: a 50-code-point name of emoji (100 UTF-16 units) is within the limit',
    input: { id: 'vertra:org123', name: '🚀'.repeat(50) },
    method: 'PUT',
    path: '/workspaces/org123',
    body: { updates: { name: '🚀'.repeat(50) } },
    workspace: {
      id: 'vertra:org123',
      provider: 'VERTRA',
      providerId: 'org123',
      name: '🚀'.repeat(50),
      displayName: null,
      description: 'Updated description',
      createdAt: '2026-03-14T19:58:00.000Z',
      details: {
        __typename: 'VertraWorkspaceDetails',
        tags: ['newtag', 'updated'],
        ownerId: '993591427428790342',
        members: [{ userId: '993591427428790342', role: 'owner', joinedAt: '2026-03-14T19:58:00.000Z' }],
      },
    },
  },
];

describe('updateWorkspace succeeds', () => {
  const harness = useHarness();

  it.each(CASES)('$title', async ({ input, method, path, body, contentType, workspace }) => {
    const { emulator, update } = harness();
    const result = await update(input);

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.message).toBeUndefined();
    const { updatedAt, ...rest } = result.workspace as WorkspaceData;
    expect(rest).toEqual(workspace);
    if (workspace.createdAt === null) {
      expect(updatedAt).toBeNull(); // Flashback has no timestamps
    } else {
      // The provider stamped the update: later than the seed, in the graph's DateTime form.
      expect(updatedAt).toMatch(ISO_MILLIS);
      expect(Date.parse(updatedAt as string)).toBeGreaterThan(Date.parse(workspace.createdAt));
    }

    // Exactly one call (no GET before or after the update), and exactly this one.
    const request = onlyRequest(emulator);
    expect(request.method).toBe(method);
    expect(request.path).toBe(path);
    expect(request.headers['authorization']).toBe(`Bearer ${emulator.token}`);
    if (contentType) expect(request.headers['content-type']).toBe(contentType);
    else expect(request.headers['content-type']).toMatch(/^application\/json(;|$)/);
    expect(request.body).toEqual(body);
  });

  it('the provider kept the change: a later read in a new request returns it', async () => {
    const { emulator, update, read } = harness();
    const fixture = FIXTURES.dreadnode;
    await update({ id: fixture.writable.id, description: 'Changed' });
    emulator.clearRequests();

    const response = await read(fixture.writable.id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace?.description).toBe('Changed');
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${fixture.writable.path}`]);
  });
});
