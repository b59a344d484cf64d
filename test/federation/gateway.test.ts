import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTeamsSubgraph } from '../../examples/teams-subgraph/teams-subgraph';
import { UpdateWorkspaceDocument } from '../../operations/generated/graphql';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';
import { withoutSecurityPurpose } from '../support/apollo-gateway-supergraph';
import { startStack, type TestStack } from '../support/stack';
import { sendTyped } from '../support/typed-request';

/**
 * A real federation gateway (@apollo/gateway on the composed supergraph) in front of this
 * subgraph, the example teams subgraph and the emulator, all over loopback HTTP.
 */
let stack: TestStack;
let teams: { url: string; stop: () => Promise<void> };
let gateway: ApolloServer;
let gatewayUrl: string;

beforeAll(async () => {
  stack = await startStack();
  teams = await startTeamsSubgraph(0);
  const composed = composeSupergraph(repositorySubgraphs({ workspaces: stack.url, teams: teams.url }));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: withoutSecurityPurpose(composed.supergraphSdl) }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } }));
});

afterAll(async () => {
  await gateway?.stop();
  await teams?.stop();
  await stack?.close();
});

beforeEach(() => {
  stack.emulator.reset();
});

interface GatewayError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

async function throughGateway<TData = Record<string, unknown>>(query: string) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: TData | null; errors?: GatewayError[] };
}

interface TeamsData {
  teams: { id: string; workspaces: ({ id: string; name: string } | null)[] }[];
}

const TEAMS_QUERY = '{ teams { id workspaces { id name } } }';

/** Each team's workspace ids, null where a reference resolved to null. */
function workspaceIdsByTeam(data: TeamsData | null | undefined): Record<string, (string | null)[]> | null {
  if (!data) return null;
  return Object.fromEntries(data.teams.map((t) => [t.id, t.workspaces.map((w) => w?.id ?? null)]));
}

describe('through a federation gateway', () => {
  it('resolves Workspace fields of several providers from the teams subgraph via _entities, one GET per workspace', async () => {
    const result = await throughGateway(`{
      teams {
        name
        labels { name }
        workspaces { id name provider details { __typename } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      teams: [
        {
          name: 'Platform',
          labels: [{ name: 'infra' }],
          workspaces: [
            {
              id: 'blaxel:my-workspace',
              name: 'my-workspace',
              provider: 'BLAXEL',
              details: { __typename: 'BlaxelWorkspaceDetails' },
            },
            {
              id: 'vertra:org123',
              name: 'updatedworkspace',
              provider: 'VERTRA',
              details: { __typename: 'VertraWorkspaceDetails' },
            },
            {
              id: 'dreadnode:acme/research',
              name: 'Research',
              provider: 'DREADNODE',
              details: { __typename: 'DreadnodeWorkspaceDetails' },
            },
          ],
        },
        {
          name: 'Data',
          labels: [],
          workspaces: [
            {
              id: 'vertra:org123',
              name: 'updatedworkspace',
              provider: 'VERTRA',
              details: { __typename: 'VertraWorkspaceDetails' },
            },
            {
              id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
              name: 'ACME Corporation',
              provider: 'ALTOSTRAT',
              details: { __typename: 'AltostratWorkspaceDetails' },
            },
            {
              id: 'flashback:123e4567-e89b-12d3-a456-426614174000',
              name: 'Development Workspace',
              provider: 'FLASHBACK',
              details: { __typename: 'FlashbackWorkspaceDetails' },
            },
          ],
        },
        {
          name: 'ML',
          labels: [{ name: 'gpu' }],
          // blaxel:ml-sandbox is a stale reference (Blaxel has no such workspace): null, no error.
          workspaces: [
            null,
            {
              id: 'dreadnode:acme/platform',
              name: 'Platform',
              provider: 'DREADNODE',
              details: { __typename: 'DreadnodeWorkspaceDetails' },
            },
            {
              id: 'terraform:ws-KTuq99JSzgmDSvYj',
              name: 'billing-prod',
              provider: 'TERRAFORM',
              details: { __typename: 'TerraformWorkspaceDetails' },
            },
          ],
        },
      ],
    });
    // Nine references, eight distinct workspaces (vertra:org123 twice): eight upstream GETs.
    const calls = stack.emulator.requests.map((r) => `${r.method} ${r.provider} ${r.path}`).sort();
    expect(calls).toEqual([
      'GET altostrat /workspaces/ws_a1b2c3d4e5f6g7h8',
      'GET blaxel /workspaces/ml-sandbox',
      'GET blaxel /workspaces/my-workspace',
      'GET dreadnode /org/acme/ws/platform',
      'GET dreadnode /org/acme/ws/research',
      'GET flashback /workspace/123e4567-e89b-12d3-a456-426614174000',
      'GET terraform /workspaces/ws-KTuq99JSzgmDSvYj',
      'GET vertra /workspaces/org123',
    ]);
  });

  it('runs updateWorkspace through the gateway: a success and two error members', async () => {
    const success = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, {
      input: { id: 'vertra:org123', name: 'through-the-router', tags: ['fed'] },
    });
    expect(success.errors).toBeUndefined();
    const result = success.data?.updateWorkspace;
    expect(result?.__typename).toBe('UpdateWorkspaceSuccess');
    if (result?.__typename !== 'UpdateWorkspaceSuccess') throw new Error('expected a success');
    expect(result.workspace).toMatchObject({ id: 'vertra:org123', name: 'through-the-router', provider: 'VERTRA' });
    expect(result.workspace.details).toMatchObject({ __typename: 'VertraWorkspaceDetails', tags: ['fed'] });

    const notFound = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, {
      input: { id: 'altostrat:ws_missing', name: 'x' },
    });
    expect(notFound.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceNotFoundError',
      id: 'altostrat:ws_missing',
      message: expect.stringContaining('altostrat:ws_missing'),
    });

    stack.emulator.clearRequests();
    const unsupported = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, {
      input: { id: 'flashback:123e4567-e89b-12d3-a456-426614174000', tags: ['no'] },
    });
    expect(unsupported.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['input', 'tags'], code: 'UNSUPPORTED_FIELD' }],
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

/**
 * Ids change: a Blaxel rename or a Dreadnode key change gives the workspace a new id, and another
 * subgraph keeps the old one. Team.workspaces is `[Workspace]!`, so a stale reference, or a
 * provider failing, costs that item only; with `[Workspace!]!` the null would reach `teams` and
 * the whole answer would be `data: null`.
 */
describe('stale references and failing providers, through a federation gateway', () => {
  it.each([
    {
      change: 'a Blaxel rename',
      input: { id: 'blaxel:my-workspace', name: 'my-workspace-renamed' },
      newId: 'blaxel:my-workspace-renamed',
    },
    {
      change: 'a Dreadnode key change',
      input: { id: 'dreadnode:acme/research', key: 'research-2026' },
      newId: 'dreadnode:acme/research-2026',
    },
  ])(
    'after $change the old id resolves to null in the team that stored it; the rest is returned',
    async ({ input, newId }) => {
      const update = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, { input });
      expect(update.errors).toBeUndefined();
      const result = update.data?.updateWorkspace;
      if (result?.__typename !== 'UpdateWorkspaceSuccess') {
        throw new Error(`expected a success: ${JSON.stringify(result)}`);
      }
      // The new id to store, from the success.
      expect(result.workspace.id).toBe(newId);

      const teams = await throughGateway<TeamsData>(TEAMS_QUERY);
      // A stale id is not an error: the provider has no such workspace, like workspace(id).
      expect(teams.errors).toBeUndefined();
      const platform = ['blaxel:my-workspace', 'vertra:org123', 'dreadnode:acme/research'].map((id) =>
        id === input.id ? null : id,
      );
      expect(workspaceIdsByTeam(teams.data)).toEqual({
        'team-platform': platform,
        'team-data': [
          'vertra:org123',
          'altostrat:ws_a1b2c3d4e5f6g7h8',
          'flashback:123e4567-e89b-12d3-a456-426614174000',
        ],
        'team-ml': [null, 'dreadnode:acme/platform', 'terraform:ws-KTuq99JSzgmDSvYj'],
      });

      // The old id reads as null; the one from the success resolves.
      const byId = await throughGateway<{ old: unknown; renamed: { id: string } | null }>(
        `{ old: workspace(id: ${JSON.stringify(input.id)}) { id } renamed: workspace(id: ${JSON.stringify(newId)}) { id } }`,
      );
      expect(byId.errors).toBeUndefined();
      expect(byId.data).toEqual({ old: null, renamed: { id: newId } });
    },
  );

  it('a failing provider nulls only the references to its workspaces, each with an error in `errors`', async () => {
    stack.emulator.injectFault('vertra', { status: 500, times: Infinity });
    const teams = await throughGateway<TeamsData>(TEAMS_QUERY);

    expect(workspaceIdsByTeam(teams.data)).toEqual({
      'team-platform': ['blaxel:my-workspace', null, 'dreadnode:acme/research'],
      'team-data': [null, 'altostrat:ws_a1b2c3d4e5f6g7h8', 'flashback:123e4567-e89b-12d3-a456-426614174000'],
      'team-ml': [null, 'dreadnode:acme/platform', 'terraform:ws-KTuq99JSzgmDSvYj'],
    });
    // vertra:org123 is referenced twice and read once (one GET): the gateway reports its error
    // at each item it nulled. The stale blaxel:ml-sandbox has none.
    const errors = teams.errors ?? [];
    expect(errors.map((e) => e.path)).toEqual([
      ['teams', 0, 'workspaces', 1],
      ['teams', 1, 'workspaces', 0],
    ]);
    for (const error of errors) {
      expect(error.message).toBe('Vertra Cloud answered with HTTP 500');
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'VERTRA', status: 500 });
    }
    expect(stack.emulator.requests.filter((r) => r.provider === 'vertra')).toHaveLength(1);
  });
});
