// A successful updateWorkspace for each provider: the typed UpdateWorkspaceSuccess AND the exact
// REST request the provider (the emulator) received. The cases are each provider's fixture's.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, pathOfId } from '../providers';
import { ISO_MILLIS, onlyRequest, useHarness, type WorkspaceData } from './helpers';

const CASES = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.success.map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
);

describe('updateWorkspace succeeds', () => {
  const harness = useHarness();

  it('every provider has a success case', () => {
    for (const fixture of ALL_FIXTURES) expect(fixture.cases.success.length, fixture.label).toBeGreaterThan(0);
  });

  it.each(CASES)('$title', async ({ fixture, input, body, workspace }) => {
    const { emulator, update } = harness();
    const result = await update(input);

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.message).toBeUndefined();
    const { updatedAt, ...rest } = result.workspace as WorkspaceData;
    expect(rest).toEqual(workspace);
    if (workspace.createdAt === null) {
      expect(updatedAt).toBeNull(); // a provider without timestamps
    } else {
      // The provider stamped the update: later than the seed, in the graph's DateTime form.
      expect(updatedAt).toMatch(ISO_MILLIS);
      expect(Date.parse(updatedAt as string)).toBeGreaterThan(Date.parse(workspace.createdAt));
    }

    // Exactly one call (no GET before or after the update), and exactly this one.
    const request = onlyRequest(emulator);
    expect(request.method).toBe(fixture.updateMethod);
    expect(request.path).toBe(pathOfId(fixture, input.id));
    expect(request.headers['authorization']).toBe(`Bearer ${emulator.token}`);
    if (fixture.mediaType) expect(request.headers['content-type']).toBe(fixture.mediaType);
    else expect(request.headers['content-type']).toMatch(/^application\/json(;|$)/);
    expect(request.body).toEqual(body);
  });

  it.each(ALL_FIXTURES)(
    '$label: the provider kept the change: a later read in a new request returns it',
    async (fixture) => {
      const { emulator, update, read } = harness();
      const [success] = fixture.cases.success;
      if (!success) throw new Error(`${fixture.label} has no success case`);
      const { input, workspace } = success;
      const updated = await update(input);
      emulator.clearRequests();

      const response = await read(workspace.id);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.workspace).toEqual({ ...workspace, updatedAt: updated.workspace?.updatedAt });
      expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${pathOfId(fixture, workspace.id)}`]);
    },
  );
});
