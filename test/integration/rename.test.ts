// Renames, each provider's (its fixture's cases): where the name or key is the reference, the
// global id changes: the result carries the new id, a later request finds the workspace under it
// and not the old one, and the new id is the one to update next. Elsewhere the id stays.
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, pathOfId } from '../providers';
import { calls, onlyRequest, useHarness } from './helpers';

const RENAMES = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.renames.map((testCase) => ({ ...testCase, fixture, title: `${fixture.label}: ${testCase.title}` })),
);
const CHANGING_ID = RENAMES.filter(({ id, input }) => id !== input.id);
const KEEPING_ID = RENAMES.filter(({ id, input }) => id === input.id);

describe('a rename that changes the id', () => {
  const harness = useHarness();

  it.each(CHANGING_ID)('$title', async ({ fixture, input, id, workspace, body }) => {
    const { emulator, update, read } = harness();
    const result = await update(input);

    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace).toMatchObject({ ...workspace, id });
    const request = onlyRequest(emulator);
    expect([request.method, request.path]).toEqual([fixture.updateMethod, pathOfId(fixture, input.id)]);
    if (body !== undefined) expect(request.body).toEqual(body);

    emulator.clearRequests();
    const renamed = await read(id);
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data?.workspace).toMatchObject({ ...workspace, id });
    const old = await read(input.id);
    expect(old.body).toEqual({ data: { workspace: null } });
    expect(calls(emulator)).toEqual([`GET ${pathOfId(fixture, id)}`, `GET ${pathOfId(fixture, input.id)}`]);
  });

  it.each(CHANGING_ID)('$title: the new id is the one to update next', async ({ fixture, input, id }) => {
    const { emulator, update } = harness();
    await update(input);
    const again = await update({ id, ...fixture.change(1) });
    expect(again.workspace).toMatchObject({ id, ...fixture.change(1) });
    const stale = await update({ id: input.id, ...fixture.change(2) });
    expect(stale).toMatchObject({ __typename: 'WorkspaceNotFoundError', id: input.id });
    const method = fixture.updateMethod;
    expect(calls(emulator)).toEqual([
      `${method} ${pathOfId(fixture, input.id)}`,
      `${method} ${pathOfId(fixture, id)}`,
      `${method} ${pathOfId(fixture, input.id)}`,
    ]);
  });
});

describe('a rename that does not change the id', () => {
  const harness = useHarness();

  it('every provider has one', () => {
    for (const fixture of ALL_FIXTURES) {
      expect(
        KEEPING_ID.some((r) => r.fixture === fixture),
        fixture.label,
      ).toBe(true);
    }
  });

  it.each(KEEPING_ID)('$title: the name changes, the id stays and still resolves', async (testCase) => {
    const { fixture, input, id, workspace, body } = testCase;
    const { emulator, update, read } = harness();
    const result = await update(input);
    expect(result.workspace).toMatchObject({ ...workspace, id });
    if (body !== undefined) expect(onlyRequest(emulator).body).toEqual(body);
    const again = await read(id);
    expect(again.body.data?.workspace).toMatchObject({ ...workspace, id });
    expect(calls(emulator).at(-1)).toBe(`GET ${pathOfId(fixture, id)}`);
  });
});
