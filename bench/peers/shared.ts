// What the peer subgraphs (bench/peers/*-subgraph.ts) share: a small SDL with the part of the
// real schema that bench/stack.ts's MUTATION selects, and the one resolver, which makes the same
// upstream call as bench/minimal-proxy.ts (Vertra's REST PUT through a keep-alive undici Agent)
// and answers what the subgraph answers for it.
//
// Env: PORT (0 = any), HOST (127.0.0.1), VERTRA_BASE_URL, VERTRA_API_TOKEN.
// Each peer prints `PEER_URL=http://host:port/graphql` once listening.
import { Agent, request } from 'undici';

/**
 * The types the benchmark's mutation reaches, named and shaped as in schema.graphql (union
 * members, the Error interface, the details union), without the federation `@link`: Apollo's
 * peer adds Federation 2's, Mercurius's federation plugin speaks Federation 1.
 */
export const SDL = /* GraphQL */ `
  type Workspace @key(fields: "id") {
    id: ID!
    name: String!
    description: String
    details: WorkspaceDetails!
  }

  union WorkspaceDetails = VertraWorkspaceDetails

  type VertraWorkspaceDetails {
    tags: [String!]!
  }

  interface Error {
    message: String!
  }

  type UpdateWorkspaceSuccess {
    workspace: Workspace!
  }

  type WorkspaceValidationError implements Error {
    message: String!
  }

  type WorkspaceProviderError implements Error {
    message: String!
  }

  union UpdateWorkspaceResult = UpdateWorkspaceSuccess | WorkspaceValidationError | WorkspaceProviderError

  input UpdateWorkspaceInput {
    id: ID!
    name: String
    description: String
    tags: [String!]
  }

  type Mutation {
    updateWorkspace(input: UpdateWorkspaceInput!): UpdateWorkspaceResult!
  }
`;

export interface UpdateWorkspaceInput {
  id: string;
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
}

interface VertraWorkspace {
  id: string;
  name: string;
  description: string | null;
  tags?: string[] | null;
}

type Typed = { __typename: string };
export type UpdateWorkspaceResult = Typed & Record<string, unknown>;

const baseUrl = (process.env['VERTRA_BASE_URL'] ?? '').replace(/\/$/, '');
const authorization = `Bearer ${process.env['VERTRA_API_TOKEN'] ?? ''}`;
if (!baseUrl) throw new Error('VERTRA_BASE_URL is required');
/** The same pool as bench/minimal-proxy.ts's. */
export const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

const failure = (typename: string, message: string): UpdateWorkspaceResult => ({ __typename: typename, message });

/** The resolver of Mutation.updateWorkspace: bench/minimal-proxy.ts's call and answer. */
export async function updateWorkspace(input: UpdateWorkspaceInput): Promise<UpdateWorkspaceResult> {
  if (!input.id.startsWith('vertra:')) return failure('WorkspaceValidationError', 'Invalid id.');
  const updates: Record<string, unknown> = {};
  if (typeof input.name === 'string') updates['name'] = input.name;
  if (typeof input.description === 'string') updates['description'] = input.description;
  if (Array.isArray(input.tags)) updates['tags'] = input.tags;

  const upstream = await request(`${baseUrl}/workspaces/${encodeURIComponent(input.id.slice('vertra:'.length))}`, {
    dispatcher: agent,
    method: 'PUT',
    headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ updates }),
  });
  const text = await upstream.body.text();
  if (upstream.statusCode < 200 || upstream.statusCode >= 300) {
    return failure('WorkspaceProviderError', `Vertra Cloud answered with HTTP ${upstream.statusCode}`);
  }
  const w = (JSON.parse(text) as { response: VertraWorkspace }).response;
  return {
    __typename: 'UpdateWorkspaceSuccess',
    workspace: {
      id: `vertra:${w.id}`,
      name: w.name,
      description: w.description,
      details: { __typename: 'VertraWorkspaceDetails', tags: w.tags ?? [] },
    },
  };
}

/** The abstract types' resolvers: every value carries its __typename. */
export const typeResolvers = {
  UpdateWorkspaceResult: { __resolveType: (value: Typed) => value.__typename },
  WorkspaceDetails: { __resolveType: (value: Typed) => value.__typename },
  Error: { __resolveType: (value: Typed) => value.__typename },
};

/** SIGTERM/SIGINT: close the server, then the pool, then exit. */
export function onShutdown(close: () => Promise<unknown>): void {
  const shutdown = () => {
    void close()
      .catch(() => undefined)
      .then(() => agent.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
