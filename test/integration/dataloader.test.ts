// Reads go through the request's DataLoader: one upstream GET per distinct workspace per
// request, run concurrently with a per-provider cap; an update makes no extra GET.
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { WorkspaceFieldsFragmentDoc } from '../../operations/generated/graphql';
import { ALL_FIXTURES, idLike, pathOfId, providerAt, providerWith } from '../providers';
import { calls, useHarness, UPDATE_MUTATION, type UpdateResult } from './helpers';

const WORKSPACE_FIELDS_FRAGMENT = print(WorkspaceFieldsFragmentDoc);

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Workspace {
        id
        name
      }
    }
  }
`;

interface EntitiesData {
  _entities: ({ id: string; name: string } | null)[];
}

const ref = (id: string) => ({ __typename: 'Workspace', id });

describe('one GET per distinct workspace per request', () => {
  const harness = useHarness();

  it('_entities: every provider, duplicates across providers -> one GET per distinct workspace', async () => {
    const { emulator, graphql } = harness();
    // Each provider's two writable seeds, the first asked for twice, interleaved across providers.
    const seeds = ALL_FIXTURES.flatMap((f) => [f.writable, f.otherWritable]);
    const ids = [
      ...ALL_FIXTURES.map((f) => f.writable.id),
      ...ALL_FIXTURES.map((f) => f.otherWritable.id),
      ...[...ALL_FIXTURES].reverse().map((f) => f.writable.id),
    ];
    const response = await graphql<EntitiesData>(ENTITIES, { r: ids.map(ref) });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?._entities.map((e) => e?.id)).toEqual(ids);
    expect(response.body.data?._entities.map((e) => e?.name)).toEqual(
      ids.map((id) => seeds.find((seed) => seed.id === id)?.name),
    );
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(emulator.requests.map((r) => `GET ${r.provider} ${r.path}`).sort()).toEqual(
      ALL_FIXTURES.flatMap((f) => [
        `GET ${f.provider} ${f.writable.path}`,
        `GET ${f.provider} ${f.otherWritable.path}`,
      ]).sort(),
    );
    // Per provider, exactly one GET per distinct workspace.
    const perProvider = Object.fromEntries(
      ALL_FIXTURES.map((f) => [f.provider, emulator.requests.filter((r) => r.provider === f.provider).length]),
    );
    expect(perProvider).toEqual(Object.fromEntries(ALL_FIXTURES.map((f) => [f.provider, 2])));
  });

  it.each(ALL_FIXTURES)(
    '$label, _entities: an unknown workspace is null in its slot, the others resolve',
    async (f) => {
      const { emulator, graphql } = harness();
      const response = await graphql<EntitiesData>(ENTITIES, {
        r: [ref(f.writable.id), ref(f.unknown.id), ref(f.writable.id)],
      });
      expect(response.body.data?._entities).toEqual([
        { id: f.writable.id, name: f.writable.name },
        null,
        { id: f.writable.id, name: f.writable.name },
      ]);
      expect(calls(emulator).sort()).toEqual([`GET ${f.unknown.path}`, `GET ${f.writable.path}`].sort());
    },
  );

  it('_entities: a malformed id is a BAD_USER_INPUT error for its slot only, and is not fetched', async () => {
    const { emulator, graphql } = harness();
    const [a, b] = [providerAt(0), providerAt(1)];
    const response = await graphql<EntitiesData>(ENTITIES, {
      r: [ref(a.writable.id), ref(`${a.provider}:../admin`), ref(b.writable.id)],
    });
    expect(response.body.data?._entities).toEqual([
      { id: a.writable.id, name: a.writable.name },
      null,
      { id: b.writable.id, name: b.writable.name },
    ]);
    expect(response.body.errors?.map((e) => [e.extensions?.['code'], (e as { path?: unknown }).path])).toEqual([
      ['BAD_USER_INPUT', ['_entities', 1]],
    ]);
    // The representation's `id`; which representation is the error's path.
    expect(response.body.errors?.[0]?.extensions?.['fieldErrors']).toEqual([
      { path: ['id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) },
    ]);
    expect(calls(emulator).sort()).toEqual([`GET ${a.writable.path}`, `GET ${b.writable.path}`].sort());
  });

  it.each(ALL_FIXTURES)('$label: workspace(id) twice under aliases, and nested in one query: one GET', async (f) => {
    const { emulator, graphql } = harness();
    const response = await graphql<Record<string, { id: string; name: string }>>(
      /* GraphQL */ `
        query ($id: ID!) {
          a: workspace(id: $id) {
            ...WorkspaceFields
          }
          b: workspace(id: $id) {
            id
            name
          }
          c: workspace(id: ${JSON.stringify(f.writable.id)}) {
            id
          }
        }
        ${WORKSPACE_FIELDS_FRAGMENT}
      `,
      { id: f.writable.id },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['b']).toEqual({ id: f.writable.id, name: f.writable.name });
    expect(calls(emulator)).toEqual([`GET ${f.writable.path}`]);
  });

  it.each(ALL_FIXTURES)('$label: a new request reads again (no cache across requests)', async (f) => {
    const { emulator, read } = harness();
    await read(f.otherWritable.id);
    await read(f.otherWritable.id);
    expect(calls(emulator)).toEqual([`GET ${f.otherWritable.path}`, `GET ${f.otherWritable.path}`]);
  });

  // Priming after an update cannot be observed over HTTP in one operation: a mutation cannot
  // select Query fields, and mutations never read. What can be observed is that an update makes
  // no GET of its own, before or after, also when the workspace is updated twice in one request.
  it.each(ALL_FIXTURES)('$label: two updates of one workspace in one mutation: two calls, no GET', async (f) => {
    const { emulator, graphql } = harness();
    const response = await graphql<{ a: UpdateResult; b: UpdateResult }>(
      /* GraphQL */ `
        mutation ($a: UpdateWorkspaceInput!, $b: UpdateWorkspaceInput!) {
          a: updateWorkspace(input: $a) {
            ... on UpdateWorkspaceSuccess {
              workspace {
                id
                name
              }
            }
          }
          b: updateWorkspace(input: $b) {
            ... on UpdateWorkspaceSuccess {
              workspace {
                id
                name
                displayName
                description
              }
            }
          }
        }
      `,
      { a: { id: f.writable.id, ...f.change(1) }, b: { id: f.writable.id, ...f.change(2) } },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.a.workspace).toMatchObject({ id: f.writable.id });
    expect(response.body.data?.b.workspace).toMatchObject({ id: f.writable.id, ...f.change(2) });
    const update = `${f.updateMethod} ${f.writable.path}`;
    expect(calls(emulator)).toEqual([update, update]);
  });

  it('a rename that changes the id, then an update under the new id, in one mutation: no GET', async () => {
    const f = providerWith('whose rename changes the id', (p) => p.cases.renames.some((r) => r.id !== r.input.id));
    const rename = f.cases.renames.find((r) => r.id !== r.input.id);
    if (!rename) throw new Error('no rename');
    const { emulator, graphql } = harness();
    const response = await graphql<{ a: UpdateResult; b: UpdateResult }>(
      /* GraphQL */ `
        mutation ($a: UpdateWorkspaceInput!, $b: UpdateWorkspaceInput!) {
          a: updateWorkspace(input: $a) {
            ... on UpdateWorkspaceSuccess {
              workspace {
                id
              }
            }
          }
          b: updateWorkspace(input: $b) {
            ... on UpdateWorkspaceSuccess {
              workspace {
                id
                displayName
                description
                name
              }
            }
          }
        }
      `,
      { a: rename.input, b: { id: rename.id, ...f.change(2) } },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.a.workspace).toEqual({ id: rename.id });
    expect(response.body.data?.b.workspace).toMatchObject({ id: rename.id, ...f.change(2) });
    expect(calls(emulator)).toEqual([
      `${f.updateMethod} ${pathOfId(f, rename.input.id)}`,
      `${f.updateMethod} ${pathOfId(f, rename.id)}`,
    ]);
  });

  it.each(ALL_FIXTURES)('$label: the update document selects nothing that reads: exactly one call', async (f) => {
    const { emulator, graphql } = harness();
    await graphql(UPDATE_MUTATION, { input: { id: f.otherWritable.id, ...f.change(3) } });
    expect(calls(emulator)).toEqual([`${f.updateMethod} ${f.otherWritable.path}`]);
  });
});

describe('concurrency of the GETs in one request', () => {
  const LATENCY_MS = 150;
  const harness = useHarness({ READ_CONCURRENCY: '2' });

  it('per provider at most READ_CONCURRENCY at once: 6 GETs with a cap of 2 take >= 3 latencies', async () => {
    const { emulator, graphql } = harness();
    const f = providerAt(0);
    emulator.setLatency(LATENCY_MS, f.provider);
    const ids = [f.writable.id, f.otherWritable.id, f.readOnly.id, idLike(f, 'a1'), idLike(f, 'a2'), idLike(f, 'a3')];
    const started = Date.now();
    const response = await graphql<EntitiesData>(ENTITIES, { r: ids.map(ref) });
    const elapsed = Date.now() - started;

    expect(response.body.errors).toBeUndefined();
    expect(emulator.requests).toHaveLength(6);
    expect(elapsed).toBeGreaterThanOrEqual(3 * LATENCY_MS - 10);
  });

  it('different providers are read concurrently', async () => {
    const { emulator, graphql } = harness();
    emulator.setLatency(300);
    const ids = ALL_FIXTURES.map((f) => f.writable.id);
    const started = Date.now();
    const response = await graphql<EntitiesData>(ENTITIES, { r: ids.map(ref) });
    const elapsed = Date.now() - started;

    expect(response.body.data?._entities.every((e) => e !== null)).toBe(true);
    expect(emulator.requests).toHaveLength(ids.length);
    // Serially this would take >= 300 ms per provider.
    expect(ids.length).toBeGreaterThan(4);
    expect(elapsed).toBeLessThan(1_200);
  });
});
