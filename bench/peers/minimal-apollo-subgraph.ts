// A minimal Apollo Server 5 subgraph: `startStandaloneServer` (node:http, cors, body-parser),
// `buildSubgraphSchema` over bench/peers/shared.ts's SDL as Federation 2, and one resolver that
// makes bench/minimal-proxy.ts's upstream call. No plugins, no logging, no validation rules of
// its own, no context: what Apollo's own stack costs for the benchmark's mutation (scenario f).
//
// Env: PORT, HOST and the upstream's base URL and token, as bench/peers/shared.ts says.
// Prints `PEER_URL=http://host:port/graphql` once listening.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { onShutdown, SDL, typeResolvers, updateWorkspace, type UpdateWorkspaceInput } from './shared';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  ${SDL}
`);

const server = new ApolloServer({
  schema: buildSubgraphSchema({
    typeDefs,
    resolvers: {
      ...typeResolvers,
      Mutation: {
        updateWorkspace: (_parent: unknown, args: { input: UpdateWorkspaceInput }) => updateWorkspace(args.input),
      },
    },
  }),
});

async function main(): Promise<void> {
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env['PORT'] ?? 0), host: process.env['HOST'] ?? '127.0.0.1' },
  });
  // startStandaloneServer answers at every path; the benchmark posts to /graphql.
  process.stdout.write(`PEER_URL=${new URL('/graphql', url).href}\n`);
  onShutdown(() => server.stop());
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `minimal Apollo subgraph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
