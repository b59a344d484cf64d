// Federated tracing (ftv1), as a router asks for it: the router sends
// `apollo-federation-include-trace: ftv1` and reads this subgraph's field trace back from
// `extensions.ftv1` (a base64 protobuf Trace). Nothing of this subgraph's own tracing is needed.
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTeamsSubgraph } from '../../examples/teams-subgraph/teams-subgraph';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';
import { withoutSecurityPurpose } from '../support/apollo-gateway-supergraph';
import { providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/** The workspace read (any provider's). */
const ID = providerAt(0).writable.id;

let stack: TestStack;
let teams: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  stack = await startStack();
  teams = await startTeamsSubgraph(0);
});

afterAll(async () => {
  await teams?.stop();
  await stack?.close();
});

/** The fetches of a query plan trace, depth first. */
function fetchesOf(node: Trace.IQueryPlanNode | null | undefined): Trace.QueryPlanNode.IFetchNode[] {
  if (!node) return [];
  return [
    ...(node.fetch ? [node.fetch] : []),
    ...(node.sequence?.nodes ?? []).flatMap(fetchesOf),
    ...(node.parallel?.nodes ?? []).flatMap(fetchesOf),
    ...fetchesOf(node.flatten?.node),
  ];
}

const childNames = (node: Trace.INode | null | undefined) => (node?.child ?? []).map((c) => c.responseName);

it('a router that samples an operation gets this subgraph’s field trace in its query plan trace', async () => {
  const composed = composeSupergraph(repositorySubgraphs({ workspaces: stack.url, teams: teams.url }));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  let plan: Trace.IQueryPlanNode | null | undefined;
  const gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: withoutSecurityPurpose(composed.supergraphSdl) }),
    plugins: [
      {
        // What usage reporting does for an operation it samples: the gateway then asks each
        // subgraph for ftv1 and keeps their traces in its query plan trace.
        async requestDidStart({ metrics }) {
          metrics.captureTraces = true;
          return {
            async willSendResponse({ metrics: done }) {
              plan = done.queryPlanTrace;
            },
          };
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } });
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ teams { id workspaces { id name } } }' }),
    });
    expect(response.status).toBe(200);
    const ours = fetchesOf(plan).find((f) => f.serviceName === 'workspaces');
    expect(ours).toBeDefined();
    expect(ours?.traceParsingFailed).toBeFalsy();
    expect(childNames(ours?.trace?.root)).toEqual(['_entities']);
    expect(Number(ours?.trace?.durationNs)).toBeGreaterThan(0);
  } finally {
    await gateway.stop();
  }
});

it('answers `apollo-federation-include-trace: ftv1` with a Trace of its resolvers', async () => {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-federation-include-trace': 'ftv1' },
    body: JSON.stringify({ query: `{ workspace(id: ${JSON.stringify(ID)}) { id name } }` }),
  });
  const body = (await response.json()) as { data: unknown; extensions?: { ftv1?: string } };
  expect(body.data).toEqual({ workspace: { id: ID, name: expect.any(String) } });
  const trace = Trace.decode(Buffer.from(body.extensions?.ftv1 ?? '', 'base64'));
  expect(childNames(trace.root)).toEqual(['workspace']);
  expect(childNames(trace.root?.child?.[0])).toEqual(['id', 'name']);
  expect(trace.root?.child?.[0]?.type).toBe('Workspace');
  expect(Number(trace.durationNs)).toBeGreaterThan(0);
});

it('without the header, the response has no ftv1', async () => {
  const response = await stack.graphql(`{ workspace(id: ${JSON.stringify(ID)}) { id } }`);
  expect(response.body).not.toHaveProperty('extensions');
});
