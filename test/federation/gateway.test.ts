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

async function throughGateway(query: string) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
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
      ],
    });
    // Six references, five distinct workspaces (vertra:org123 twice): five upstream GETs.
    const calls = stack.emulator.requests.map((r) => `${r.method} ${r.provider} ${r.path}`).sort();
    expect(calls).toEqual([
      'GET altostrat /workspaces/ws_a1b2c3d4e5f6g7h8',
      'GET blaxel /workspaces/my-workspace',
      'GET dreadnode /org/acme/ws/research',
      'GET flashback /workspace/123e4567-e89b-12d3-a456-426614174000',
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
