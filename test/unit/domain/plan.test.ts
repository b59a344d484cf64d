// changesOf: which input fields an update would change, compared with the workspace as it is.
import { describe, expect, it } from 'vitest';
import type { ProviderCapabilities } from '../../../src/domain/capabilities';
import { changesOf } from '../../../src/domain/plan';
import type { Workspace } from '../../../src/domain/workspace';
import { providerAt } from '../../providers';

const provider = providerAt(0).provider;
const capabilities = (fields: ProviderCapabilities['fields']): ProviderCapabilities => ({
  provider,
  label: 'P',
  referenceSegments: 1,
  fields,
});
const workspace = (details: Record<string, unknown>): Workspace =>
  ({
    id: `${provider}:a`,
    provider,
    providerId: 'a',
    name: 'alpha',
    displayName: null,
    description: 'first',
    createdAt: null,
    updatedAt: null,
    details,
  }) as unknown as Workspace;

describe('changesOf', () => {
  const ws = workspace({
    tags: ['a', 'b'],
    labels: [
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'x' },
    ],
  });
  const caps = capabilities({
    name: {},
    description: { nullable: true },
    displayName: {},
    tags: {},
    labels: { unordered: true },
  });

  it('lists the fields whose value differs, in the input type order, with before and after', () => {
    expect(changesOf(ws, { description: null, name: 'beta' } as never, caps)).toEqual([
      { field: 'name', before: 'alpha', after: 'beta' },
      { field: 'description', before: 'first', after: null },
    ]);
  });

  it('is empty when nothing would change (null and unset are the same)', () => {
    expect(changesOf(ws, { name: 'alpha', displayName: null } as never, caps)).toEqual([]);
  });

  it('compares an ordered list as a list, an unordered one as a set', () => {
    expect(changesOf(ws, { tags: ['b', 'a'] } as never, caps)).toEqual([
      { field: 'tags', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
    const reordered = [
      { value: 'x', key: 'team' },
      { key: 'env', value: 'prod' },
    ];
    expect(changesOf(ws, { labels: reordered } as never, caps)).toEqual([]);
    expect(changesOf(ws, { labels: [{ key: 'env', value: 'prod' }] } as never, caps)).toHaveLength(1);
  });
});
