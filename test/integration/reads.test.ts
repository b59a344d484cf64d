// workspace(id): the workspace for each provider, null for a 404, and GraphQL errors whose
// extensions.code says why (BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, PROVIDER_ERROR,
// PROVIDER_NOT_CONFIGURED) for everything else.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, envName, IDS_WITHOUT_A_PROVIDER, malformedIds, pathOfId, providerAt } from '../providers';
import { calls, envFor, onlyRequest, useHarness, type Harness } from './helpers';

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

const READ_CASES = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.reads.map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
);

describe('workspace(id)', () => {
  const harness = useHarness();

  it.each(ALL_FIXTURES)('$label: returns the seeded workspace with one GET', async (fixture) => {
    const { emulator, read } = harness();
    const response = await read(fixture.writable.id);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({
      id: fixture.writable.id,
      provider: fixture.enumValue,
      name: fixture.writable.name,
      details: { __typename: fixture.detailsType },
    });
    const request = onlyRequest(emulator);
    expect(request.method).toBe('GET');
    expect(request.path).toBe(fixture.writable.path);
    expect(request.headers['authorization']).toBe(`Bearer ${emulator.token}`);
    expect(request.headers['accept']).toBe(fixture.mediaType ?? 'application/json');
  });

  it.each(ALL_FIXTURES)('$label: the read-only seed can be read', async (fixture) => {
    const { read } = harness();
    const response = await read(fixture.readOnly.id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({ id: fixture.readOnly.id, name: fixture.readOnly.name });
  });

  it.each(READ_CASES)('$title', async ({ fixture, id, expected }) => {
    const { emulator, read } = harness();
    const response = await read(id);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject(expected);
    const request = onlyRequest(emulator);
    expect([request.method, request.path]).toEqual(['GET', pathOfId(fixture, id)]);
    expect(request.headers['accept']).toBe(fixture.mediaType ?? 'application/json');
  });

  it.each(ALL_FIXTURES)('$label: null when the provider answers 404', async (fixture) => {
    const { emulator, read } = harness();
    const response = await read(fixture.unknown.id);
    expect(response.body).toEqual({ data: { workspace: null } });
    expect(calls(emulator)).toEqual([`GET ${fixture.unknown.path}`]);
  });

  it.each([...IDS_WITHOUT_A_PROVIDER, ...ALL_FIXTURES.flatMap(malformedIds)])(
    'BAD_USER_INPUT for a malformed id ($title: $id), and no call',
    async ({ id }) => {
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

  it.each(ALL_FIXTURES)('$label: PROVIDER_ERROR for an injected 500', async (fixture) => {
    const { emulator } = harness();
    emulator.injectFault(fixture.provider, { status: 500, body: fixture.serverError().body, times: Infinity });
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('PROVIDER_ERROR');
  });

  it.each(ALL_FIXTURES)('$label: PROVIDER_ERROR for an unusable 200 body', async (fixture) => {
    const { emulator } = harness();
    emulator.injectFault(fixture.provider, { kind: 'malformed-json', times: Infinity });
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('PROVIDER_ERROR');
  });

  it.each(ALL_FIXTURES)('$label: FORBIDDEN for its 403 on the read', async (fixture) => {
    const { emulator } = harness();
    const [forbidden] = fixture.documented4xx('Access forbidden');
    expect(forbidden?.status).toBe(403);
    emulator.injectFault(fixture.provider, { ...forbidden, times: Infinity });
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('FORBIDDEN');
  });
});

describe('workspace(id) with a token the provider refuses', () => {
  const harness = useHarness(envFor(ALL_FIXTURES, { token: 'not-the-right-token' }));

  it.each(ALL_FIXTURES)('$label: UNAUTHENTICATED', async (fixture) => {
    const extensions = await readError(harness(), fixture.writable.id);
    expect(extensions['code']).toBe('UNAUTHENTICATED');
  });
});

describe('workspace(id) for a provider that is not configured', () => {
  const [unconfigured, configured] = [providerAt(0), providerAt(1)];
  const harness = useHarness({ WORKSPACE_EMULATOR: 'off', [envName(unconfigured, 'BASE_URL')]: '' });

  it('PROVIDER_NOT_CONFIGURED, and no call', async () => {
    const { emulator } = harness();
    const extensions = await readError(harness(), unconfigured.writable.id);
    expect(extensions['code']).toBe('PROVIDER_NOT_CONFIGURED');
    expect(emulator.requests).toEqual([]);
  });

  it('the configured providers still answer', async () => {
    const { read } = harness();
    const response = await read(configured.writable.id);
    expect(response.body.data?.workspace?.name).toBe(configured.writable.name);
  });
});
