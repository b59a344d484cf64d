// Input the subgraph refuses itself: a WorkspaceValidationError and NO call to any provider.
import { describe, expect, it } from 'vitest';
import { FLASHBACK_DEV_ID, useHarness, type UpdateInput } from './helpers';

interface RefusedCase {
  title: string;
  input: UpdateInput;
  /** Every field error expected (order-insensitive), messages free. */
  errors: { path: string[]; code: 'REQUIRED' | 'INVALID' | 'TOO_LONG' | 'UNSUPPORTED_FIELD' }[];
}

const badId = (title: string, id: string): RefusedCase => ({
  title,
  input: { id, name: 'new-name' },
  errors: [{ path: ['input', 'id'], code: 'INVALID' }],
});

const ID_CASES: RefusedCase[] = [
  badId('no provider prefix', 'my-workspace'),
  badId('an empty provider', ':my-workspace'),
  badId('an unknown provider', 'github:my-workspace'),
  badId('the provider in upper case', 'BLAXEL:my-workspace'),
  badId('an empty reference', 'blaxel:'),
  badId('a path traversal', 'vertra:../admin'),
  badId('a reference of ".."', 'vertra:..'),
  badId('a reference of "."', 'altostrat:.'),
  badId('a percent-encoded slash', 'blaxel:a%2Fb'),
  badId('a space', 'blaxel:my workspace'),
  badId('a query string', 'altostrat:ws_a1b2c3d4e5f6g7h8?x=1'),
  badId('a slash in a one-segment reference', 'flashback:a/b'),
  badId('Dreadnode without the ws slug', 'dreadnode:acme'),
  badId('Dreadnode with an empty ws slug', 'dreadnode:acme/'),
  badId('Dreadnode with an empty org slug', 'dreadnode:/research'),
  badId('Dreadnode with three segments', 'dreadnode:acme/research/extra'),
  badId('Dreadnode with a ".." org slug', 'dreadnode:../research'),
];

const FIELD_CASES: RefusedCase[] = [
  // Nothing to change
  {
    title: 'only an id: REQUIRED on ["input"]',
    input: { id: 'vertra:org123' },
    errors: [{ path: ['input'], code: 'REQUIRED' }],
  },
  {
    title: 'only an id (Blaxel): REQUIRED on ["input"]',
    input: { id: 'blaxel:my-workspace' },
    errors: [{ path: ['input'], code: 'REQUIRED' }],
  },

  // Fields the provider does not have (null counts as set)
  {
    title: 'tags on Flashback',
    input: { id: `flashback:${FLASHBACK_DEV_ID}`, tags: ['a'] },
    errors: [{ path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'tags: null on Flashback',
    input: { id: `flashback:${FLASHBACK_DEV_ID}`, tags: null },
    errors: [{ path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'description and tags on Flashback, with a valid name: both reported',
    input: { id: `flashback:${FLASHBACK_DEV_ID}`, name: 'ok', description: 'x', tags: [] },
    errors: [
      { path: ['input', 'description'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' },
    ],
  },
  {
    title: 'displayName on Vertra',
    input: { id: 'vertra:org123', displayName: 'x' },
    errors: [{ path: ['input', 'displayName'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'description on Blaxel',
    input: { id: 'blaxel:my-workspace', description: 'x' },
    errors: [{ path: ['input', 'description'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'key on Altostrat',
    input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', key: 'x' },
    errors: [{ path: ['input', 'key'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'isActive on Vertra',
    input: { id: 'vertra:org123', isActive: true },
    errors: [{ path: ['input', 'isActive'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: 'labels on Dreadnode',
    input: { id: 'dreadnode:acme/research', labels: [{ key: 'a', value: 'b' }] },
    errors: [{ path: ['input', 'labels'], code: 'UNSUPPORTED_FIELD' }],
  },

  {
    title: 'the HCP Terraform fields on Vertra',
    input: {
      id: 'vertra:org123',
      autoApply: true,
      executionMode: 'REMOTE',
      terraformVersion: '1.9.4',
      workingDirectory: 'x',
    },
    errors: [
      { path: ['input', 'autoApply'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'executionMode'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'terraformVersion'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'workingDirectory'], code: 'UNSUPPORTED_FIELD' },
    ],
  },
  {
    title: 'autoApply: null on Blaxel (null counts as set)',
    input: { id: 'blaxel:my-workspace', autoApply: null },
    errors: [{ path: ['input', 'autoApply'], code: 'UNSUPPORTED_FIELD' }],
  },
  {
    title: "other providers' fields on HCP Terraform",
    input: { id: 'terraform:ws-KTuq99JSzgmDSvYj', tags: ['a'], displayName: 'x', key: 'k', isActive: null },
    errors: [
      { path: ['input', 'displayName'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'key'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'isActive'], code: 'UNSUPPORTED_FIELD' },
      { path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' },
    ],
  },

  // Documented limits, in code points
  {
    title: 'Vertra name of 51 characters',
    input: { id: 'vertra:org123', name: 'a'.repeat(51) },
    errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
  },
  {
    title: 'Vertra name of 51 code points with emoji (49 letters + 2 emoji = 53 UTF-16 units)',
    input: { id: 'vertra:org123', name: `${'a'.repeat(49)}🚀🚀` },
    errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
  },
  {
    title: 'Vertra name of 51 emoji',
    input: { id: 'vertra:org123', name: '🚀'.repeat(51) },
    errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
  },
  {
    title: 'Vertra description of 201 characters',
    input: { id: 'vertra:org123', description: 'd'.repeat(201) },
    errors: [{ path: ['input', 'description'], code: 'TOO_LONG' }],
  },
  {
    title: 'Vertra tag of 21 characters: the path names its index',
    input: { id: 'vertra:org123', tags: ['ok', 't'.repeat(21), 'fine'] },
    errors: [{ path: ['input', 'tags', '1'], code: 'TOO_LONG' }],
  },
  {
    title: 'Altostrat name of 51 characters',
    input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'n'.repeat(51) },
    errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
  },
  {
    title: 'Altostrat description of 201 characters',
    input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: 'd'.repeat(201) },
    errors: [{ path: ['input', 'description'], code: 'TOO_LONG' }],
  },

  {
    title: 'HCP Terraform name of 91 characters',
    input: { id: 'terraform:ws-KTuq99JSzgmDSvYj', name: 'n'.repeat(91) },
    errors: [{ path: ['input', 'name'], code: 'TOO_LONG' }],
  },
  {
    title: 'HCP Terraform name with a space',
    input: { id: 'terraform:ws-KTuq99JSzgmDSvYj', name: 'billing prod' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'HCP Terraform name with a dot',
    input: { id: 'terraform:ws-KTuq99JSzgmDSvYj', name: 'billing.prod' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'HCP Terraform empty name',
    input: { id: 'terraform:ws-KTuq99JSzgmDSvYj', name: '' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'null for every HCP Terraform field',
    input: {
      id: 'terraform:ws-KTuq99JSzgmDSvYj',
      name: null,
      description: null,
      autoApply: null,
      executionMode: null,
      terraformVersion: null,
      workingDirectory: null,
    },
    errors: [
      { path: ['input', 'name'], code: 'INVALID' },
      { path: ['input', 'description'], code: 'INVALID' },
      { path: ['input', 'autoApply'], code: 'INVALID' },
      { path: ['input', 'executionMode'], code: 'INVALID' },
      { path: ['input', 'terraformVersion'], code: 'INVALID' },
      { path: ['input', 'workingDirectory'], code: 'INVALID' },
    ],
  },

  // Values of the wrong kind
  {
    title: 'description: null on Dreadnode (not documented nullable)',
    input: { id: 'dreadnode:acme/research', description: null },
    errors: [{ path: ['input', 'description'], code: 'INVALID' }],
  },
  {
    title: 'description: null on Vertra',
    input: { id: 'vertra:org123', description: null },
    errors: [{ path: ['input', 'description'], code: 'INVALID' }],
  },
  {
    title: 'name: null on Blaxel',
    input: { id: 'blaxel:my-workspace', name: null },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'name: null on Altostrat',
    input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: null },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'name: null on Flashback',
    input: { id: `flashback:${FLASHBACK_DEV_ID}`, name: null },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'labels: null on Blaxel',
    input: { id: 'blaxel:my-workspace', labels: null },
    errors: [{ path: ['input', 'labels'], code: 'INVALID' }],
  },
  {
    title: 'isActive: null on Dreadnode',
    input: { id: 'dreadnode:acme/research', isActive: null },
    errors: [{ path: ['input', 'isActive'], code: 'INVALID' }],
  },

  // A rename must yield a valid reference
  {
    title: 'Blaxel rename to a name with a slash',
    input: { id: 'blaxel:my-workspace', name: 'a/b' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'Blaxel rename to ".."',
    input: { id: 'blaxel:my-workspace', name: '..' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'Blaxel rename to an empty name',
    input: { id: 'blaxel:my-workspace', name: '' },
    errors: [{ path: ['input', 'name'], code: 'INVALID' }],
  },
  {
    title: 'Dreadnode key with a space',
    input: { id: 'dreadnode:acme/research', key: 'new key' },
    errors: [{ path: ['input', 'key'], code: 'INVALID' }],
  },
  {
    title: 'Dreadnode key of "."',
    input: { id: 'dreadnode:acme/research', key: '.' },
    errors: [{ path: ['input', 'key'], code: 'INVALID' }],
  },
];

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

  it('several field errors read as sentences in a row in the message', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: `flashback:${FLASHBACK_DEV_ID}`, tags: ['a'], name: '' });
    expect(result.__typename).toBe('WorkspaceValidationError');
    expect(result.fieldErrors?.length).toBeGreaterThan(1);
    expect(result.message).toBe(result.fieldErrors?.map((e) => e.message).join(' '));
    expect(result.message).not.toContain('.;');
    expect(emulator.requests).toEqual([]);
  });

  it('a value exactly at the limit goes through (Altostrat description of 200)', async () => {
    const { emulator, update } = harness();
    const result = await update({ id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: 'd'.repeat(200) });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(emulator.requests).toHaveLength(1);
  });

  it('an HCP Terraform name of exactly 90 characters goes through', async () => {
    const { emulator, update } = harness();
    const name = `${'a'.repeat(45)}-${'B'.repeat(42)}_9`;
    expect(name).toHaveLength(90);
    const result = await update({ id: 'terraform:ws-KTuq99JSzgmDSvYj', name });
    expect(result).toMatchObject({ __typename: 'UpdateWorkspaceSuccess', workspace: { name } });
    expect(emulator.requests).toHaveLength(1);
  });

  it('a Vertra tag of exactly 20 emoji goes through', async () => {
    const { emulator, update } = harness();
    const tag = '🚀'.repeat(20); // 20 code points, 40 UTF-16 units
    const result = await update({ id: 'vertra:org123', tags: [tag] });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(result.workspace?.details['tags']).toEqual([tag]);
    expect(emulator.requests[0]?.body).toEqual({ updates: { tags: [tag] } });
  });
});
