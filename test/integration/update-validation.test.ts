// Input the subgraph refuses itself: a WorkspaceValidationError and NO call to any provider. For
// every provider: malformed ids, an input with nothing to change, every field it does not have
// (with a value or null), and its own limits and rules (its fixture's cases).
import { describe, expect, it } from 'vitest';
import {
  ALL_FIXTURES,
  IDS_WITHOUT_A_PROVIDER,
  malformedIds,
  providerWith,
  unsupportedFields,
  unsupportedInput,
} from '../providers';
import type { RefusedCase } from '../providers/fixture';
import { useHarness } from './helpers';

const badId = ({ title, id }: { title: string; id: string }): RefusedCase => ({
  title,
  input: { id, name: 'new-name' },
  errors: [{ path: ['input', 'id'], code: 'INVALID' }],
});

const ID_CASES: RefusedCase[] = [...IDS_WITHOUT_A_PROVIDER, ...ALL_FIXTURES.flatMap(malformedIds)].map(badId);

const unsupported = (fields: string[]) =>
  fields.map((field) => ({ path: ['input', field], code: 'UNSUPPORTED_FIELD' as const }));

const FIELD_CASES: RefusedCase[] = ALL_FIXTURES.flatMap((fixture) => [
  // Nothing to change
  {
    title: `${fixture.label}: only an id: REQUIRED on ["input"]`,
    input: { id: fixture.writable.id },
    errors: [{ path: ['input'], code: 'REQUIRED' }],
  },
  // Fields the provider does not have, each reported (null counts as set)
  {
    title: `${fixture.label}: every field it does not have`,
    input: { id: fixture.writable.id, ...unsupportedInput(fixture) },
    errors: unsupported(unsupportedFields(fixture)),
  },
  {
    title: `${fixture.label}: every field it does not have, as null`,
    input: { id: fixture.writable.id, ...unsupportedInput(fixture, 'null') },
    errors: unsupported(unsupportedFields(fixture)),
  },
  {
    title: `${fixture.label}: a field it does not have beside a valid change: only that one is reported`,
    input: { id: fixture.writable.id, ...fixture.rename, [unsupportedFields(fixture)[0] as string]: null },
    errors: unsupported(unsupportedFields(fixture).slice(0, 1)),
  },
  // Its documented limits (in code points), nulls, references
  ...fixture.cases.refused.map((testCase) => ({ ...testCase, title: `${fixture.label}: ${testCase.title}` })),
]);

const ACCEPTED = ALL_FIXTURES.flatMap((fixture) =>
  fixture.cases.accepted.map((testCase) => ({ ...testCase, title: `${fixture.label}: ${testCase.title}` })),
);

describe('updateWorkspace refuses before any call goes out', () => {
  const harness = useHarness();

  it.each([...ID_CASES, ...FIELD_CASES])('$title', async ({ input, errors }) => {
    const { emulator, update } = harness();
    const result = await update(input);

    expect(result.__typename).toBe('WorkspaceValidationError');
    expect(result.message).toEqual(expect.any(String));
    expect(result.message).not.toBe('');
    expect(result.fieldErrors).toHaveLength(errors.length);
    expect(result.fieldErrors).toEqual(
      expect.arrayContaining(errors.map((e) => ({ ...e, message: expect.stringMatching(/\S/) }))),
    );
    expect(emulator.requests).toEqual([]);
  });

  it.each(ALL_FIXTURES)('$label: several field errors read as sentences in a row in the message', async (f) => {
    const { emulator, update } = harness();
    const result = await update({ id: f.writable.id, ...unsupportedInput(f) });
    expect(result.__typename).toBe('WorkspaceValidationError');
    expect(result.fieldErrors?.length).toBeGreaterThan(1);
    expect(result.message).toBe(result.fieldErrors?.map((e) => e.message).join(' '));
    expect(result.message).not.toContain('.;');
    expect(emulator.requests).toEqual([]);
  });

  it('a field error for a provider-rule value reads as a sentence too (with a field it does not have)', async () => {
    const f = providerWith('that refuses a value of its own', (p) => p.cases.refused.length > 0);
    const { emulator, update } = harness();
    const [refused] = f.cases.refused as [RefusedCase];
    const result = await update({ ...refused.input, [unsupportedFields(f)[0] as string]: null });
    expect(result.fieldErrors).toHaveLength(refused.errors.length + 1);
    expect(result.message).toBe(result.fieldErrors?.map((e) => e.message).join(' '));
    expect(emulator.requests).toEqual([]);
  });

  it.each(ACCEPTED)('$title', async ({ input, expected, body }) => {
    const { emulator, update } = harness();
    const result = await update(input);
    expect(result).toMatchObject({ __typename: 'UpdateWorkspaceSuccess', ...expected });
    expect(emulator.requests).toHaveLength(1);
    if (body !== undefined) expect(emulator.requests[0]?.body).toEqual(body);
  });
});
