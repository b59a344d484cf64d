// Renames that change the reference (Blaxel `name`, Dreadnode `key`) change the global id: the
// result carries the new id, a later request finds the workspace under it and not the old one.
import { describe, expect, it } from 'vitest';
import { calls, onlyRequest, useHarness } from './helpers';

describe('a rename that changes the id', () => {
  const harness = useHarness();

  it('Blaxel: a new name is the new reference; the provider id stays', async () => {
    const { emulator, update, read } = harness();
    const result = await update({ id: 'blaxel:my-workspace', name: 'my-renamed-workspace' });

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace).toMatchObject({
      id: 'blaxel:my-renamed-workspace',
      name: 'my-renamed-workspace',
      providerId: 'ws-7f3c9a12',
      displayName: 'My Workspace',
    });
    const request = onlyRequest(emulator);
    expect([request.method, request.path, request.body]).toEqual([
      'PUT',
      '/workspaces/my-workspace',
      { name: 'my-renamed-workspace' },
    ]);

    emulator.clearRequests();
    const renamed = await read('blaxel:my-renamed-workspace');
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data?.workspace).toMatchObject({
      id: 'blaxel:my-renamed-workspace',
      providerId: 'ws-7f3c9a12',
    });
    const old = await read('blaxel:my-workspace');
    expect(old.body).toEqual({ data: { workspace: null } });
    expect(calls(emulator)).toEqual(['GET /workspaces/my-renamed-workspace', 'GET /workspaces/my-workspace']);
  });

  it('Dreadnode: a new key is the new ws slug; the org slug comes from the input id', async () => {
    const { emulator, update, read } = harness();
    const result = await update({ id: 'dreadnode:acme/research', key: 'research-v2', name: 'Research v2' });

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace).toMatchObject({
      id: 'dreadnode:acme/research-v2',
      name: 'Research v2',
      providerId: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
      details: { key: 'research-v2', organizationName: 'Acme' },
    });
    const request = onlyRequest(emulator);
    expect([request.method, request.path, request.body]).toEqual([
      'PUT',
      '/org/acme/ws/research',
      { key: 'research-v2', name: 'Research v2' },
    ]);

    emulator.clearRequests();
    const renamed = await read('dreadnode:acme/research-v2');
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data?.workspace).toMatchObject({ id: 'dreadnode:acme/research-v2', name: 'Research v2' });
    const old = await read('dreadnode:acme/research');
    expect(old.body).toEqual({ data: { workspace: null } });
    expect(calls(emulator)).toEqual(['GET /org/acme/ws/research-v2', 'GET /org/acme/ws/research']);
  });

  it('the new id is the one to update next', async () => {
    const { emulator, update } = harness();
    await update({ id: 'dreadnode:acme/platform', key: 'infra' });
    const again = await update({ id: 'dreadnode:acme/infra', description: 'Infrastructure' });
    expect(again.workspace).toMatchObject({ id: 'dreadnode:acme/infra', description: 'Infrastructure' });
    const stale = await update({ id: 'dreadnode:acme/platform', description: 'x' });
    expect(stale).toMatchObject({ __typename: 'WorkspaceNotFoundError', id: 'dreadnode:acme/platform' });
    expect(calls(emulator)).toEqual([
      'PUT /org/acme/ws/platform',
      'PUT /org/acme/ws/infra',
      'PUT /org/acme/ws/platform',
    ]);
  });

  it('Blaxel: setting the same name keeps the id', async () => {
    const { update } = harness();
    const result = await update({ id: 'blaxel:staging', name: 'staging' });
    expect(result.workspace?.id).toBe('blaxel:staging');
  });
});

describe('a rename that does not change the id', () => {
  const harness = useHarness();

  it.each([
    { id: 'vertra:org123', name: 'brand-new-name' },
    { id: 'altostrat:ws_q9r8s7t6u5v4w3x2', name: 'Globex Laboratories' },
    { id: 'flashback:3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607', name: 'Pre-production' },
    // HCP Terraform: the ws- id, not the name (which its name-based URL would change).
    { id: 'terraform:ws-KTuq99JSzgmDSvYj', name: 'billing-production' },
  ])('$id: the name changes, the id stays and still resolves', async ({ id, name }) => {
    const { update, read } = harness();
    const result = await update({ id, name });
    expect(result.workspace).toMatchObject({ id, name });
    const again = await read(id);
    expect(again.body.data?.workspace).toMatchObject({ id, name });
  });
});
