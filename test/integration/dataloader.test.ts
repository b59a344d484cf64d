// Reads go through the request's DataLoader: one upstream GET per distinct workspace per
// request, run concurrently with a per-provider cap; an update makes no extra GET.
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { WorkspaceFieldsFragmentDoc } from '../../operations/generated/graphql';
import { calls, FLASHBACK_DEV_ID, PROVIDERS, useHarness, UPDATE_MUTATION, type UpdateResult } from './helpers';

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

  it('_entities: 12 representations, duplicates across providers -> one GET per distinct workspace', async () => {
    const { emulator, graphql } = harness();
    const ids = [
      'blaxel:my-workspace',
      'dreadnode:acme/research',
      'blaxel:my-workspace',
      'vertra:org123',
      `flashback:${FLASHBACK_DEV_ID}`,
      'dreadnode:acme/research',
      'altostrat:ws_a1b2c3d4e5f6g7h8',
      'vertra:org123',
      'blaxel:staging',
      'blaxel:my-workspace',
      'terraform:ws-KTuq99JSzgmDSvYj',
      'terraform:ws-KTuq99JSzgmDSvYj',
    ];
    const response = await graphql<EntitiesData>(ENTITIES, { r: ids.map(ref) });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?._entities.map((e) => e?.id)).toEqual(ids);
    expect(response.body.data?._entities.map((e) => e?.name)).toEqual([
      'my-workspace',
      'Research',
      'my-workspace',
      'updatedworkspace',
      'Development Workspace',
      'Research',
      'ACME Corporation',
      'updatedworkspace',
      'staging',
      'my-workspace',
      'billing-prod',
      'billing-prod',
    ]);
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(calls(emulator).sort()).toEqual(
      [
        'GET /workspaces/my-workspace', // blaxel
        'GET /workspaces/staging', // blaxel
        'GET /org/acme/ws/research',
        'GET /workspaces/org123', // vertra
        `GET /workspace/${FLASHBACK_DEV_ID}`,
        'GET /workspaces/ws_a1b2c3d4e5f6g7h8', // altostrat
        'GET /workspaces/ws-KTuq99JSzgmDSvYj', // terraform
      ].sort(),
    );
    // Per provider, exactly one GET per distinct workspace.
    const perProvider = Object.fromEntries(
      PROVIDERS.map((p) => [p, emulator.requests.filter((r) => r.provider === p).length]),
    );
    expect(perProvider).toEqual({ blaxel: 2, dreadnode: 1, flashback: 1, vertra: 1, altostrat: 1, terraform: 1 });
  });

  it('_entities: an unknown workspace is null in its slot, the others resolve', async () => {
    const { emulator, graphql } = harness();
    const response = await graphql<EntitiesData>(ENTITIES, {
      r: [ref('vertra:org123'), ref('vertra:org000'), ref('vertra:org123')],
    });
    expect(response.body.data?._entities).toEqual([
      { id: 'vertra:org123', name: 'updatedworkspace' },
      null,
      { id: 'vertra:org123', name: 'updatedworkspace' },
    ]);
    expect(calls(emulator).sort()).toEqual(['GET /workspaces/org000', 'GET /workspaces/org123']);
  });

  it('_entities: a malformed id is a BAD_USER_INPUT error for its slot only, and is not fetched', async () => {
    const { emulator, graphql } = harness();
    const response = await graphql<EntitiesData>(ENTITIES, {
      r: [ref('vertra:org123'), ref('vertra:../admin'), ref('altostrat:ws_a1b2c3d4e5f6g7h8')],
    });
    expect(response.body.data?._entities).toEqual([
      { id: 'vertra:org123', name: 'updatedworkspace' },
      null,
      { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'ACME Corporation' },
    ]);
    expect(response.body.errors?.map((e) => [e.extensions?.['code'], (e as { path?: unknown }).path])).toEqual([
      ['BAD_USER_INPUT', ['_entities', 1]],
    ]);
    // The representation's `id`; which representation is the error's path.
    expect(response.body.errors?.[0]?.extensions?.['fieldErrors']).toEqual([
      { path: ['id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) },
    ]);
    expect(calls(emulator).sort()).toEqual(['GET /workspaces/org123', 'GET /workspaces/ws_a1b2c3d4e5f6g7h8']);
  });

  it('workspace(id) twice under aliases, and nested in one query: one GET', async () => {
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
          c: workspace(id: "dreadnode:acme/research") {
            id
          }
        }
        ${WORKSPACE_FIELDS_FRAGMENT}
      `,
      { id: 'dreadnode:acme/research' },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['b']).toEqual({ id: 'dreadnode:acme/research', name: 'Research' });
    expect(calls(emulator)).toEqual(['GET /org/acme/ws/research']);
  });

  it('a new request reads again (no cache across requests)', async () => {
    const { emulator, read } = harness();
    await read('vertra:org456');
    await read('vertra:org456');
    expect(calls(emulator)).toEqual(['GET /workspaces/org456', 'GET /workspaces/org456']);
  });

  // Priming after an update cannot be observed over HTTP in one operation: a mutation cannot
  // select Query fields, and mutations never read. What can be observed is that an update makes
  // no GET of its own, before or after, also when the workspace is updated twice in one request.
  it('two updates of one workspace in one mutation: two PUTs, no GET', async () => {
    const { emulator, graphql } = harness();
    const response = await graphql<{ a: UpdateResult; b: UpdateResult }>(/* GraphQL */ `
      mutation {
        a: updateWorkspace(input: { id: "blaxel:my-workspace", name: "primed-name" }) {
          ... on UpdateWorkspaceSuccess {
            workspace {
              id
              name
            }
          }
        }
        b: updateWorkspace(input: { id: "blaxel:primed-name", displayName: "Primed" }) {
          ... on UpdateWorkspaceSuccess {
            workspace {
              id
              name
              displayName
            }
          }
        }
      }
    `);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.a.workspace).toEqual({ id: 'blaxel:primed-name', name: 'primed-name' });
    expect(response.body.data?.b.workspace).toEqual({
      id: 'blaxel:primed-name',
      name: 'primed-name',
      displayName: 'Primed',
    });
    expect(calls(emulator)).toEqual(['PUT /workspaces/my-workspace', 'PUT /workspaces/primed-name']);
  });

  it('the update document selects nothing that reads: exactly one call per update', async () => {
    const { emulator, graphql } = harness();
    await graphql(UPDATE_MUTATION, { input: { id: 'vertra:org456', tags: ['x'] } });
    expect(calls(emulator)).toEqual(['PUT /workspaces/org456']);
  });
});

describe('concurrency of the GETs in one request', () => {
  const LATENCY_MS = 150;
  const harness = useHarness({ READ_CONCURRENCY: '2' });

  it('per provider at most READ_CONCURRENCY at once: 6 Vertra GETs with a cap of 2 take >= 3 latencies', async () => {
    const { emulator, graphql } = harness();
    emulator.setLatency(LATENCY_MS, 'vertra');
    const ids = ['vertra:org123', 'vertra:org456', 'vertra:org789', 'vertra:a1', 'vertra:a2', 'vertra:a3'];
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
    const ids = [
      'blaxel:my-workspace',
      'dreadnode:acme/research',
      `flashback:${FLASHBACK_DEV_ID}`,
      'vertra:org123',
      'altostrat:ws_a1b2c3d4e5f6g7h8',
    ];
    const started = Date.now();
    const response = await graphql<EntitiesData>(ENTITIES, { r: ids.map(ref) });
    const elapsed = Date.now() - started;

    expect(response.body.data?._entities.every((e) => e !== null)).toBe(true);
    expect(emulator.requests).toHaveLength(5);
    // Serially this would take >= 1500 ms.
    expect(elapsed).toBeLessThan(1_200);
  });
});
