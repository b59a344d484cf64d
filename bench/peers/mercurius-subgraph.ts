// A Fastify + Mercurius federation subgraph with graphql-jit on (`jit: 1`: a query is compiled
// the first time it is seen again), over bench/peers/shared.ts's SDL (as Federation 1, which is
// what @mercuriusjs/federation speaks) and the same one resolver as the minimal Apollo subgraph:
// bench/minimal-proxy.ts's upstream call (scenario g). No logging, no GraphiQL.
//
// Env: PORT, HOST and the upstream's base URL and token, as bench/peers/shared.ts says.
// Prints `PEER_URL=http://host:port/graphql` once listening.
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify from 'fastify';
import { onShutdown, SDL, typeResolvers, updateWorkspace, type UpdateWorkspaceInput } from './shared';

const app = Fastify({ logger: false });

async function main(): Promise<void> {
  await app.register(mercuriusFederationPlugin, {
    schema: SDL,
    resolvers: {
      ...typeResolvers,
      Mutation: {
        updateWorkspace: (_parent: unknown, args: { input: UpdateWorkspaceInput }) => updateWorkspace(args.input),
      },
    },
    jit: 1,
    graphiql: false,
    path: '/graphql',
  });
  await app.listen({ port: Number(process.env['PORT'] ?? 0), host: process.env['HOST'] ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  process.stdout.write(`PEER_URL=http://${address.address}:${address.port}/graphql\n`);
  onShutdown(() => app.close());
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `Mercurius subgraph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
