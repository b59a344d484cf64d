// Success bodies are parsed and validated: a 200 that lacks the workspace's name or (where the
// provider's document has one) its id, or has a DateTime that does not parse, is unusable
// (WorkspaceProviderError); DateTimes come back as ISO-8601 UTC with milliseconds. The bodies are
// each provider's fixture's.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, type ProviderFixture } from '../providers';
import { useHarness } from './helpers';

const UNUSABLE = ALL_FIXTURES.flatMap((fixture) =>
  fixture.unusableBodies.map(({ title, body }) => ({ fixture, body, title: `${fixture.label}: ${title}` })),
);

const BODY_CASES = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.bodies.map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
);

describe('success bodies', () => {
  const harness = useHarness();

  const change = (fixture: ProviderFixture) => ({ id: fixture.writable.id, ...fixture.rename });

  it.each(ALL_FIXTURES)('$label: the minimal body is usable (control)', async (fixture) => {
    const { emulator, update } = harness();
    emulator.injectFault(fixture.provider, { status: 200, body: fixture.minimalBody });
    const result = await update(change(fixture));
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace?.id).toBe(fixture.writable.id);
  });

  it.each(ALL_FIXTURES)('$label: has unusable bodies to try', (fixture) => {
    expect(fixture.unusableBodies.length).toBeGreaterThan(0);
  });

  it.each(UNUSABLE)('$title -> WorkspaceProviderError (update)', async ({ fixture, body }) => {
    const { emulator, update } = harness();
    emulator.injectFault(fixture.provider, { status: 200, body });
    const result = await update(change(fixture));
    expect(result).toMatchObject({
      __typename: 'WorkspaceProviderError',
      provider: fixture.enumValue,
      status: 200,
      retryable: false,
    });
  });

  it.each(UNUSABLE)('$title -> PROVIDER_ERROR (read)', async ({ fixture, body }) => {
    const { emulator, read } = harness();
    emulator.injectFault(fixture.provider, { status: 200, body });
    const response = await read(fixture.writable.id);
    expect(response.body.data).toEqual({ workspace: null });
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('PROVIDER_ERROR');
  });

  it.each(ALL_FIXTURES)(
    '$label: a body far too large is a WorkspaceProviderError, and the subgraph keeps serving',
    async (fixture) => {
      const { emulator, update } = harness();
      emulator.injectFault(fixture.provider, { kind: 'huge-body', times: Infinity });
      const result = await update(change(fixture));
      expect(result).toMatchObject({ __typename: 'WorkspaceProviderError', provider: fixture.enumValue });
      emulator.clearFaults();
      expect((await update(change(fixture))).__typename).toBe('UpdateWorkspaceSuccess');
    },
  );

  it.each(BODY_CASES)('$title', async ({ fixture, body, input, expected }) => {
    const { emulator, read, update } = harness();
    emulator.injectFault(fixture.provider, { status: 200, body });
    if (input) {
      const result = await update(input);
      expect(result.__typename).toBe('UpdateWorkspaceSuccess');
      expect(result.workspace).toMatchObject(expected);
    } else {
      const response = await read(fixture.writable.id);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.workspace).toMatchObject(expected);
    }
  });
});
