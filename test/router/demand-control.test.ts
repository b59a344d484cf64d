// Demand control at the router: the real Hive Gateway CLI, its `demandControl` on, in front of this
// subgraph (AUTH_MODE=off) and the emulator. The gateway prices each subgraph fetch from the
// supergraph's @cost / @listSize: a bulk updateWorkspaces within budget reaches the providers, one
// over budget is refused with COST_ESTIMATED_TOO_EXPENSIVE before any fetch; and aliased bulks are
// fetched one by one, so the budget stops the fetch that crosses it, not the ones before it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';
import { postGraphQL } from '../integration/helpers';
import { startHiveGateway, startRecordingProxy, type HiveGateway, type RecordingProxy } from '../support/hive-gateway';
import { startStack, type TestStack } from '../support/stack';
import { providerAt } from '../providers';

/**
 * The gateway's estimate (useDemandControl in @graphql-hive/gateway-runtime), per field: its @cost
 * weight plus 1 for a composite return type, times the list factors above it (@listSize assumedSize).
 * Scalars and __typename cost 0; its mutation cost of 10 is keyed on schema OperationTypeDefinition
 * nodes, so it never applies to an operation. For updateWorkspaces (@cost 1, assumedSize 100):
 *   { __typename }: (1 + union 1) × 100 = 200;
 *   { ... on UpdateWorkspaceSuccess { workspace { id details { __typename } } } }:
 *     200 + Workspace 1 × 100 + union WorkspaceDetails 1 × 100 = 400.
 * The estimate adds up over one request's fetches. 300: one bare bulk, not one that reads back.
 */
const MAX_COST = 300;

const BULK = /* GraphQL */ `
  mutation Bulk($inputs: [UpdateWorkspaceInput!]!) {
    updateWorkspaces(inputs: $inputs) {
      __typename
    }
  }
`;
const BULK_COST = 200;

const BULK_READING_BACK = /* GraphQL */ `
  mutation BulkReadingBack($inputs: [UpdateWorkspaceInput!]!) {
    updateWorkspaces(inputs: $inputs) {
      ... on UpdateWorkspaceSuccess {
        workspace {
          id
          details {
            __typename
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`;
const BULK_READING_BACK_COST = 400;

const TWO_BULKS = /* GraphQL */ `
  mutation TwoBulks($inputs: [UpdateWorkspaceInput!]!) {
    a: updateWorkspaces(inputs: $inputs) {
      __typename
    }
    b: updateWorkspaces(inputs: $inputs) {
      __typename
    }
  }
`;

/** Two providers' writable seeds, each with a valid change. */
const TWO = [providerAt(0), providerAt(1)];
const INPUTS = TWO.map((f) => ({ id: f.writable.id, ...f.rename }));

let stack: TestStack;
let proxy: RecordingProxy;
let gateway: HiveGateway;
let tempDir: string | undefined;

beforeAll(async () => {
  stack = await startStack({ AUTH_MODE: 'off' });
  proxy = await startRecordingProxy(stack.url);
  const composed = composeSupergraph(repositorySubgraphs({ workspaces: proxy.url }));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  tempDir = mkdtempSync(join(tmpdir(), 'hive-gateway-demand-control-'));
  const supergraphFile = join(tempDir, 'supergraph.graphql');
  writeFileSync(supergraphFile, composed.supergraphSdl);
  // `defineConfig` only types the object: plain ESM, so the file needs no node_modules beside it.
  const configFile = join(tempDir, 'gateway.config.mjs');
  const config = { demandControl: { maxCost: MAX_COST, includeExtensionMetadata: true } };
  writeFileSync(configFile, `export const gatewayConfig = ${JSON.stringify(config)};\n`);
  gateway = await startHiveGateway(supergraphFile, configFile);
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await proxy?.close();
  await stack?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

beforeEach(() => {
  stack.emulator.reset();
  proxy.requests.length = 0;
});

interface CostedResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: { estimated: number; max: number } };
}

async function throughGateway(query: string, variables: Record<string, unknown>) {
  const response = await postGraphQL(gateway.url, query, variables, { accept: 'application/graphql-response+json' });
  return { status: response.status, body: response.body as CostedResponse };
}

/** The writes the providers received (the emulator's request log), in a stable order. */
const upstreamWrites = () =>
  stack.emulator.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.provider} ${r.path}`)
    .sort();

/** The operations (query text) that reached this subgraph through the gateway. */
const subgraphOperations = () => proxy.requests.map((r) => (JSON.parse(r.body) as { query: string }).query);

const WRITES = TWO.map((f) => `${f.updateMethod} ${f.provider} ${f.writable.path}`).sort();

const tooExpensive = (estimated: number) => ({
  message: `Operation estimated cost ${estimated} exceeded configured maximum ${MAX_COST}`,
  extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', cost: { estimated, max: MAX_COST } },
});

describe('demand control at the gateway', () => {
  it(`a bulk within budget (${BULK_COST} <= ${MAX_COST}) reaches the subgraph and the providers`, async () => {
    const response = await throughGateway(BULK, { inputs: INPUTS });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['updateWorkspaces']).toEqual([
      { __typename: 'UpdateWorkspaceSuccess' },
      { __typename: 'UpdateWorkspaceSuccess' },
    ]);
    expect(response.body.extensions?.cost).toEqual({ estimated: BULK_COST, max: MAX_COST });
    expect(subgraphOperations()).toHaveLength(1);
    expect(subgraphOperations()[0]).toContain('updateWorkspaces(');
    expect(upstreamWrites()).toEqual(WRITES);
  });

  it(`a bulk over budget (${BULK_READING_BACK_COST}) is refused before any subgraph fetch`, async () => {
    const response = await throughGateway(BULK_READING_BACK, { inputs: INPUTS });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toMatchObject([
      { path: ['updateWorkspaces'], ...tooExpensive(BULK_READING_BACK_COST) },
    ]);
    // Nothing reached the subgraph, so no provider was called, let alone written to.
    expect(proxy.requests).toEqual([]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('two aliased bulks: fetched one by one, the first runs and only the second is refused', async () => {
    const response = await throughGateway(TWO_BULKS, { inputs: INPUTS });
    // Mutation root fields run serially, one subgraph fetch each; the estimate adds up per request
    // (200, then 400) and is checked before each fetch. The client gets data: null (b is
    // non-null), yet a's writes happened: the gateway's budget is no operation-wide pre-check.
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toMatchObject([{ path: ['b'], ...tooExpensive(2 * BULK_COST) }]);
    expect(subgraphOperations()).toHaveLength(1);
    expect(subgraphOperations()[0]?.match(/updateWorkspaces\(/g)).toHaveLength(1);
    expect(upstreamWrites()).toEqual(WRITES);
  });
});
