import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const TEAMS_SDL = readFileSync(resolve(__dirname, 'schema.graphql'), 'utf8');

/**
 * Teams working across providers. A team stores global workspace ids (the emulator's seeded
 * ones), never provider references of its own. `blaxel:ml-sandbox` is a stale reference: the
 * workspace was renamed at Blaxel since, so it resolves to null in `Team.workspaces`
 * (`[Workspace]!`) while the team and its other workspaces are still returned.
 */
const TEAMS = [
  {
    id: 'team-platform',
    name: 'Platform',
    labels: [{ name: 'infra', color: 'blue' }],
    workspaceIds: ['blaxel:my-workspace', 'vertra:org123', 'dreadnode:acme/research'],
  },
  {
    id: 'team-data',
    name: 'Data',
    labels: [],
    workspaceIds: ['vertra:org123', 'altostrat:ws_a1b2c3d4e5f6g7h8', 'flashback:123e4567-e89b-12d3-a456-426614174000'],
  },
  {
    id: 'team-ml',
    name: 'ML',
    labels: [{ name: 'gpu', color: 'green' }],
    workspaceIds: ['blaxel:ml-sandbox', 'dreadnode:acme/platform', 'terraform:ws-KTuq99JSzgmDSvYj'],
  },
];
type Team = (typeof TEAMS)[number];

const resolvers = {
  Query: {
    teams: () => TEAMS,
    team: (_: unknown, { id }: { id: string }) =>
      TEAMS.find((t) => t.id === id) ?? { __typename: 'NotFoundError', message: `No team ${id}`, resource: 'Team' },
  },
  TeamResult: {
    __resolveType: (value: { __typename?: string }) => value.__typename ?? 'Team',
  },
  Team: {
    __resolveReference: (ref: { id: string }) => TEAMS.find((t) => t.id === ref.id) ?? null,
    workspaces: (team: Team) => team.workspaceIds.map((id) => ({ __typename: 'Workspace', id })),
  },
};

export const teamsSchema = () => buildSubgraphSchema({ typeDefs: parse(TEAMS_SDL), resolvers });

/** Starts the example subgraph; port 0 picks a free one. */
export async function startTeamsSubgraph(port = 4002): Promise<{ url: string; stop: () => Promise<void> }> {
  // Inline tracing (ftv1) installed explicitly: Apollo Server would otherwise log that it enabled it.
  const server = new ApolloServer({ schema: teamsSchema(), plugins: [ApolloServerPluginInlineTrace()] });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

if (require.main === module) {
  startTeamsSubgraph(Number(process.env['PORT'] ?? 4002)).then(({ url }) => console.log(`Teams subgraph at ${url}`));
}
