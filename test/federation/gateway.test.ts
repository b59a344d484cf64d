import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTeamsSubgraph } from '../../examples/teams-subgraph/teams-subgraph';
import { UpdateWorkspaceDocument } from '../../operations/generated/graphql';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';
import { withoutSecurityPurpose } from '../support/apollo-gateway-supergraph';
import { fixtureOfId, pathOfId, providerAt, seedOf, unsupportedFields, SAMPLE_VALUES } from '../providers';
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
/** The teams and the workspace ids each stores, as the teams subgraph itself answers (no provider call). */
let stored: { id: string; name: string; labels: { name: string }[]; workspaces: { id: string }[] }[];

beforeAll(async () => {
  stack = await startStack();
  teams = await startTeamsSubgraph(0);
  const own = await fetch(teams.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ teams { id name labels { name } workspaces { id } } }' }),
  });
  stored = ((await own.json()) as { data: { teams: typeof stored } }).data.teams;
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

/** What each stored id resolves to through the gateway: its seed, or null for a stale reference. */
function resolved(id: string) {
  const seed = seedOf(id);
  if (!seed) return null;
  const fixture = fixtureOfId(id);
  return { id, name: seed.name, provider: fixture.enumValue, details: { __typename: fixture.detailsType } };
}

/** The stored ids, every one once. */
const distinctIds = () => [...new Set(stored.flatMap((t) => t.workspaces.map((w) => w.id)))];

describe('the teams subgraph', () => {
  it('stores workspaces of several providers, one twice, and a stale reference', () => {
    const ids = stored.flatMap((t) => t.workspaces.map((w) => w.id));
    expect(new Set(ids.map((id) => fixtureOfId(id).provider)).size).toBeGreaterThanOrEqual(3);
    expect(distinctIds().length).toBeLessThan(ids.length);
    expect(ids.some((id) => !seedOf(id))).toBe(true);
  });
});

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
      teams: stored.map((team) => ({
        name: team.name,
        labels: team.labels,
        workspaces: team.workspaces.map(({ id }) => resolved(id)),
      })),
    });
    // One upstream GET per distinct workspace, stale ones included.
    const calls = stack.emulator.requests.map((r) => `${r.method} ${r.provider} ${r.path}`).sort();
    expect(calls).toEqual(
      distinctIds()
        .map((id) => `GET ${fixtureOfId(id).provider} ${pathOfId(fixtureOfId(id), id)}`)
        .sort(),
    );
  });

  it('runs updateWorkspace through the gateway: a success and two error members', async () => {
    const f = providerAt(0);
    const [success] = f.cases.success;
    if (!success) throw new Error('no success case');
    const updated = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, { input: success.input as never });
    expect(updated.errors).toBeUndefined();
    const result = updated.data?.updateWorkspace;
    expect(result?.__typename).toBe('UpdateWorkspaceSuccess');
    if (result?.__typename !== 'UpdateWorkspaceSuccess') throw new Error('expected a success');
    expect(result.workspace).toMatchObject(success.workspace);

    const notFound = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, {
      input: { id: f.unknown.id, ...f.rename },
    });
    expect(notFound.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceNotFoundError',
      id: f.unknown.id,
      message: expect.stringContaining(f.unknown.id),
    });

    stack.emulator.clearRequests();
    const field = unsupportedFields(f)[0] as string;
    const unsupported = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, {
      input: { id: f.writable.id, [field]: SAMPLE_VALUES[field as keyof typeof SAMPLE_VALUES] } as never,
    });
    expect(unsupported.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspaceValidationError',
      fieldErrors: [{ path: ['input', field], code: 'UNSUPPORTED_FIELD' }],
    });
    expect(stack.emulator.requests).toEqual([]);
  });
});

/**
 * Ids change: where a rename changes the reference (a provider's name or key is its reference),
 * the workspace gets a new id, and another subgraph keeps the old one. Team.workspaces is
 * `[Workspace]!`, so a stale reference, or a provider failing, costs that item only; with
 * `[Workspace!]!` the null would reach `teams` and the whole answer would be `data: null`.
 */
describe('stale references and failing providers, through a federation gateway', () => {
  /** The renames that change the id of a workspace a team stores (each provider's fixture's). */
  const renamesOfStored = () =>
    distinctIds().flatMap((id) =>
      seedOf(id) ? fixtureOfId(id).cases.renames.filter((r) => r.input.id === id && r.id !== id) : [],
    );

  it('some stored workspace can be renamed to a new id', () => {
    expect(renamesOfStored().length).toBeGreaterThan(0);
  });

  it('after each rename that changes the id, the old id resolves to null in the team that stored it; the rest is returned', async () => {
    for (const { input, id: newId } of renamesOfStored()) {
      stack.emulator.reset();
      const update = await sendTyped(gatewayUrl, UpdateWorkspaceDocument, { input: input as never });
      expect(update.errors).toBeUndefined();
      const result = update.data?.updateWorkspace;
      if (result?.__typename !== 'UpdateWorkspaceSuccess') {
        throw new Error(`expected a success: ${JSON.stringify(result)}`);
      }
      // The new id to store, from the success.
      expect(result.workspace.id).toBe(newId);

      const teamsData = await throughGateway<TeamsData>(TEAMS_QUERY);
      // A stale id is not an error: the provider has no such workspace, like workspace(id).
      expect(teamsData.errors).toBeUndefined();
      expect(workspaceIdsByTeam(teamsData.data)).toEqual(
        Object.fromEntries(
          stored.map((team) => [
            team.id,
            team.workspaces.map(({ id }) => (id === input.id || !seedOf(id) ? null : id)),
          ]),
        ),
      );

      // The old id reads as null; the one from the success resolves.
      const byId = await throughGateway<{ old: unknown; renamed: { id: string } | null }>(
        `{ old: workspace(id: ${JSON.stringify(input.id)}) { id } renamed: workspace(id: ${JSON.stringify(newId)}) { id } }`,
      );
      expect(byId.errors).toBeUndefined();
      expect(byId.data).toEqual({ old: null, renamed: { id: newId } });
    }
  });

  it('a failing provider nulls only the references to its workspaces, each with an error in `errors`', async () => {
    // The provider of the workspace stored most often.
    const ids = stored.flatMap((t) => t.workspaces.map((w) => w.id)).filter((id) => seedOf(id));
    const mostStored = ids.reduce((a, b) =>
      ids.filter((i) => i === b).length > ids.filter((i) => i === a).length ? b : a,
    );
    const failing = fixtureOfId(mostStored);
    const isFailing = (id: string) => fixtureOfId(id) === failing;
    stack.emulator.injectFault(failing.provider, { status: 500, times: Infinity });
    const teamsData = await throughGateway<TeamsData>(TEAMS_QUERY);

    expect(workspaceIdsByTeam(teamsData.data)).toEqual(
      Object.fromEntries(
        stored.map((team) => [team.id, team.workspaces.map(({ id }) => (isFailing(id) || !seedOf(id) ? null : id))]),
      ),
    );
    // A workspace referenced twice is read once (one GET): the gateway reports its error at each
    // item it nulled. A stale reference has none.
    const errors = teamsData.errors ?? [];
    expect(errors.map((e) => e.path)).toEqual(
      stored.flatMap((team, t) =>
        team.workspaces.flatMap(({ id }, w) => (isFailing(id) ? [['teams', t, 'workspaces', w]] : [])),
      ),
    );
    for (const error of errors) {
      expect(error.message).toBe(`${failing.label} answered with HTTP 500`);
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: failing.enumValue, status: 500 });
    }
    expect(stack.emulator.requests.filter((r) => r.provider === failing.provider)).toHaveLength(
      distinctIds().filter(isFailing).length,
    );
  });
});
