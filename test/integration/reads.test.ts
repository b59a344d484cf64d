// workspace(id): the workspace for each provider, null for a 404, and GraphQL errors whose
// extensions.code says why (BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, PROVIDER_ERROR,
// PROVIDER_NOT_CONFIGURED) for everything else.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, calls, envFor, FIXTURES, onlyRequest, PROVIDERS, useHarness, type Harness } from './helpers';

/** A read that must fail: one GraphQL error at ["workspace"], data.workspace null. */
async function readError(harness: Harness, id: string): Promise<Record<string, unknown>> {
  const response = await harness.read(id);
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ workspace: null });
  expect(response.body.errors).toHaveLength(1);
  const [error] = response.body.errors ?? [];
  expect(error?.message).toEqual(expect.stringMatching(/\S/));
  expect((error as { path?: unknown }).path).toEqual(['workspace']);
  return error?.extensions ?? {};
}

describe('workspace(id)', () => {
  const harness = useHarness();

  it.each(ALL_FIXTURES)('$enumValue: returns the seeded workspace with one GET', async (fixture) => {
    const { emulator, read } = harness();
    const response = await read(fixture.writable.id);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({
      id: fixture.writable.id,
      provider: fixture.enumValue,
      name: fixture.writable.name,
    });
    const request = onlyRequest(emulator);
    expect(request.method).toBe('GET');
    expect(request.path).toBe(fixture.writable.path);
    expect(request.headers['authorization']).toBe(`Bearer ${emulator.token}`);
  });

  it.each(ALL_FIXTURES)('$enumValue: the read-only seed can be read', async (fixture) => {
    const { read } = harness();
    const response = await read(fixture.readOnly.id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace?.id).toBe(fixture.readOnly.id);
  });

  it('maps details and DateTimes (Altostrat microseconds -> milliseconds UTC)', async () => {
    const { read } = harness();
    const response = await read('altostrat:ws_r0e1a2d3o4n5l6y7');
    expect(response.body.data?.workspace).toMatchObject({
      name: 'Initech Legacy',
      createdAt: '2024-05-17T08:00:00.000Z',
      updatedAt: '2025-01-02T12:00:00.000Z',
      details: {
        __typename: 'AltostratWorkspaceDetails',
        billingMode: 'ASSIGNED',
        pooledSeatLimit: null,
        archived: true,
        archivedAt: '2025-01-02T12:00:00.000Z',
      },
    });
  });

  it('Blaxel: the provider id is its own id, status as the enum', async () => {
    const { read } = harness();
    const response = await read('blaxel:staging');
    expect(response.body.data?.workspace).toMatchObject({
      id: 'blaxel:staging',
      providerId: 'ws-2b8d4e61',
      details: { status: 'ERROR', statusReason: 'Account billing is not configured', runtimeGeneration: 'mk2' },
    });
  });

  it('HCP Terraform: a GET asking for JSON:API, details from attributes and relationships', async () => {
    const { emulator, read } = harness();
    const response = await read('terraform:ws-Lk9pR3vT6yB1mXq5');
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({
      id: 'terraform:ws-Lk9pR3vT6yB1mXq5',
      provider: 'TERRAFORM',
      providerId: 'ws-Lk9pR3vT6yB1mXq5',
      name: 'legacy-network',
      description: 'Pre-2022 network stack, kept for reference',
      createdAt: '2019-06-03T08:12:44.018Z',
      updatedAt: '2022-01-10T12:00:00.000Z',
      details: {
        __typename: 'TerraformWorkspaceDetails',
        organization: 'my-organization',
        executionMode: 'LOCAL',
        autoApply: false,
        terraformVersion: '0.14.11',
        workingDirectory: null,
        locked: true,
        resourceCount: 0,
        environment: 'default',
        projectId: 'prj-jT92VLSFpv8FwKtc',
      },
    });
    const request = onlyRequest(emulator);
    expect([request.method, request.path]).toEqual(['GET', '/workspaces/ws-Lk9pR3vT6yB1mXq5']);
    expect(request.headers['accept']).toBe('application/vnd.api+json');
  });

  it.each(ALL_FIXTURES)('$enumValue: null when the provider answers 404', async (fixture) => {
    const { emulator, read } = harness();
    const response = await read(fixture.unknownId);
    expect(response.body).toEqual({ data: { workspace: null } });
    expect(calls(emulator)).toHaveLength(1);
  });

  it.each(['not-an-id', 'github:x', 'blaxel:a%2Fb', 'dreadnode:acme', 'vertra:..'])(
    'BAD_USER_INPUT for the malformed id %s, and no call',
    async (id) => {
      const { emulator } = harness();
      const extensions = await readError(harness(), id);
      expect(extensions['code']).toBe('BAD_USER_INPUT');
      // The query's argument is `id`: there is no `input` in workspace(id:).
      expect(extensions['fieldErrors']).toEqual([
        { path: ['id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) },
      ]);
      expect(emulator.requests).toEqual([]);
    },
  );

  it.each(ALL_FIXTURES)('$enumValue: PROVIDER_ERROR for an injected 500', async (fixture) => {
    const { emulator } = harness();
    emulator.injectFault(fixture.provider, { status: 500, body: fixture.serverError.body, times: Infinity });
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('PROVIDER_ERROR');
  });

  it('PROVIDER_ERROR for an unusable 200 body', async () => {
    const { emulator } = harness();
    emulator.injectFault('vertra', { kind: 'malformed-json', times: Infinity });
    const extensions = await readError(harness(), FIXTURES.vertra.writable.id);
    expect(extensions['code']).toBe('PROVIDER_ERROR');
  });

  it('FORBIDDEN for a 403 on the read', async () => {
    const { emulator } = harness();
    emulator.injectFault('dreadnode', {
      status: 403,
      body: { code: 403, detail: 'Access forbidden', type: 'forbidden' },
      times: Infinity,
    });
    const extensions = await readError(harness(), FIXTURES.dreadnode.writable.id);
    expect(extensions['code']).toBe('FORBIDDEN');
  });
});

describe('workspace(id) with a token the provider refuses', () => {
  const harness = useHarness(envFor(PROVIDERS, { token: 'not-the-right-token' }));

  it.each(ALL_FIXTURES)('$enumValue: UNAUTHENTICATED', async (fixture) => {
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('UNAUTHENTICATED');
  });
});

describe('workspace(id) for a provider that is not configured', () => {
  const harness = useHarness({ WORKSPACE_EMULATOR: 'off', FLASHBACK_BASE_URL: '' });

  it('PROVIDER_NOT_CONFIGURED, and no call', async () => {
    const { emulator } = harness();
    const extensions = await readError(harness(), FIXTURES.flashback.writable.id);
    expect(extensions['code']).toBe('PROVIDER_NOT_CONFIGURED');
    expect(emulator.requests).toEqual([]);
  });

  it('the configured providers still answer', async () => {
    const { read } = harness();
    const response = await read(FIXTURES.blaxel.writable.id);
    expect(response.body.data?.workspace?.name).toBe('my-workspace');
  });
});
