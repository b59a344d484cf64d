// Success bodies are parsed and validated: a 200 that lacks the workspace's name or (where the
// document has one) its id, or has a DateTime that does not parse, is unusable
// (WorkspaceProviderError); DateTimes come back as ISO-8601 UTC with milliseconds.
import { describe, expect, it } from 'vitest';
import { FIXTURES, FLASHBACK_DEV_ID, useHarness, type Provider } from './helpers';

/** Minimal usable success bodies, in each provider's envelope, for its writable seed. */
const MINIMAL: Record<Provider, Record<string, unknown>> = {
  blaxel: { id: 'ws-7f3c9a12', name: 'my-workspace', createdAt: '2026-04-15T12:00:00.000Z' },
  dreadnode: {
    id: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
    name: 'Research',
    key: 'research',
    is_active: true,
    is_default: true,
    org_id: '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d',
    created_at: '2026-04-15T12:00:00Z',
  },
  flashback: {
    success: true,
    workspace: { id: FLASHBACK_DEV_ID, name: 'Development Workspace', orgId: '987fcdeb-51a2-43d1-9f12-345678901234' },
  },
  vertra: { response: { id: 'org123', name: 'updatedworkspace', tags: [], members: [] } },
  altostrat: { id: 'ws_a1b2c3d4e5f6g7h8', name: 'ACME Corporation', archived: false, created_at: null },
  terraform: { data: { id: 'ws-KTuq99JSzgmDSvYj', type: 'workspaces', attributes: { name: 'billing-prod' } } },
};

const without = (body: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
const inner = (provider: 'flashback' | 'vertra') =>
  (provider === 'flashback' ? MINIMAL.flashback['workspace'] : MINIMAL.vertra['response']) as Record<string, unknown>;
/** HCP Terraform's minimal document with `data` changed. */
const terraformData = (change: Record<string, unknown>) => ({
  data: { ...(MINIMAL.terraform['data'] as Record<string, unknown>), ...change },
});

const UNUSABLE: { provider: Provider; title: string; body: unknown }[] = [
  { provider: 'blaxel', title: 'no id', body: without(MINIMAL.blaxel, 'id') },
  { provider: 'blaxel', title: 'no name', body: without(MINIMAL.blaxel, 'name') },
  { provider: 'blaxel', title: 'a createdAt that is not a date', body: { ...MINIMAL.blaxel, createdAt: 'yesterday' } },
  { provider: 'dreadnode', title: 'no id', body: without(MINIMAL.dreadnode, 'id') },
  { provider: 'dreadnode', title: 'a name of the wrong type', body: { ...MINIMAL.dreadnode, name: 42 } },
  {
    provider: 'dreadnode',
    title: 'an updated_at that is not a date',
    body: { ...MINIMAL.dreadnode, updated_at: 'soon' },
  },
  {
    provider: 'flashback',
    title: 'no workspace id',
    body: { success: true, workspace: without(inner('flashback'), 'id') },
  },
  { provider: 'flashback', title: 'success false in a 200', body: { success: false, message: 'Failed' } },
  { provider: 'flashback', title: 'the workspace without its envelope', body: inner('flashback') },
  { provider: 'vertra', title: 'the workspace without {response}', body: inner('vertra') },
  { provider: 'vertra', title: 'no id', body: { response: without(inner('vertra'), 'id') } },
  {
    provider: 'vertra',
    title: 'a member joined_at that is not a date',
    body: { response: { ...inner('vertra'), members: [{ user_id: '1', role: 'owner', joined_at: 'soon' }] } },
  },
  { provider: 'altostrat', title: 'no id', body: without(MINIMAL.altostrat, 'id') },
  { provider: 'altostrat', title: 'an empty name', body: { ...MINIMAL.altostrat, name: '' } },
  {
    provider: 'altostrat',
    title: 'an archived_at that is not a date',
    body: { ...MINIMAL.altostrat, archived_at: '2025-13-45T00:00:00Z' },
  },
  { provider: 'altostrat', title: 'a JSON array', body: [MINIMAL.altostrat] },
  { provider: 'terraform', title: 'no data.id', body: terraformData({ id: undefined }) },
  { provider: 'terraform', title: 'no data.attributes.name', body: terraformData({ attributes: { locked: false } }) },
  { provider: 'terraform', title: 'a document of another type', body: terraformData({ type: 'projects' }) },
  { provider: 'terraform', title: 'the resource without its document', body: MINIMAL.terraform['data'] },
  {
    provider: 'terraform',
    title: 'a created-at that is not a date',
    body: terraformData({ attributes: { name: 'billing-prod', 'created-at': 'yesterday' } }),
  },
  { provider: 'terraform', title: 'data as an array', body: { data: [MINIMAL.terraform['data']] } },
];

describe('success bodies', () => {
  const harness = useHarness();

  const change = (provider: Provider) => ({ id: FIXTURES[provider].writable.id, ...FIXTURES[provider].rename });

  it.each(Object.keys(MINIMAL) as Provider[])('%s: the minimal body is usable (control)', async (provider) => {
    const { emulator, update } = harness();
    emulator.injectFault(provider, { status: 200, body: MINIMAL[provider] });
    const result = await update(change(provider));
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace?.id).toBe(FIXTURES[provider].writable.id);
  });

  it.each(UNUSABLE)('$provider: $title -> WorkspaceProviderError (update)', async ({ provider, body }) => {
    const { emulator, update } = harness();
    emulator.injectFault(provider, { status: 200, body });
    const result = await update(change(provider));
    expect(result).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: FIXTURES[provider].enumValue,
      status: 200,
      retryable: false,
    });
  });

  it.each(UNUSABLE)('$provider: $title -> PROVIDER_ERROR (read)', async ({ provider, body }) => {
    const { emulator, read } = harness();
    emulator.injectFault(provider, { status: 200, body });
    const response = await read(FIXTURES[provider].writable.id);
    expect(response.body.data).toEqual({ workspace: null });
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
  });

  it('a body far too large is a WorkspaceProviderError, and the subgraph keeps serving', async () => {
    const { emulator, update } = harness();
    emulator.injectFault('vertra', { kind: 'huge-body', times: Infinity });
    const result = await update(change('vertra'));
    expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', provider: 'VERTRA' });
    emulator.clearFaults();
    expect((await update(change('vertra'))).__typename).toBe('UpdateWorkspaceSuccess');
  });

  it('DateTimes with an offset or microseconds come back in UTC with milliseconds', async () => {
    const { emulator, read } = harness();
    emulator.injectFault('dreadnode', {
      status: 200,
      body: {
        ...MINIMAL.dreadnode,
        created_at: '2026-04-15T14:00:00+02:00',
        updated_at: '2026-04-15T12:00:00.123456Z',
      },
    });
    const response = await read(FIXTURES.dreadnode.writable.id);
    expect(response.body.data?.workspace).toMatchObject({
      createdAt: '2026-04-15T12:00:00.000Z',
      updatedAt: '2026-04-15T12:00:00.123Z',
    });
  });

  it("Dreadnode: the returned id's ws slug is the response's key, the org slug the input's", async () => {
    const { emulator, update } = harness();
    emulator.injectFault('dreadnode', { status: 200, body: { ...MINIMAL.dreadnode, key: 'research-moved' } });
    const result = await update({ id: 'dreadnode:acme/research', name: 'Research' });
    expect(result.workspace).toMatchObject({ id: 'dreadnode:acme/research-moved', details: { key: 'research-moved' } });
  });

  it('fields a body leaves out read as null or empty', async () => {
    const { emulator, read } = harness();
    emulator.injectFault('blaxel', { status: 200, body: { id: 'ws-7f3c9a12', name: 'my-workspace' } });
    const response = await read(FIXTURES.blaxel.writable.id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({
      displayName: null,
      createdAt: null,
      details: { labels: [], groupMappings: [], status: null, region: null, runtimeGeneration: null },
    });
  });
});
