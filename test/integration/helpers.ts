// Shared helpers for the integration tests: the GraphQL documents, typed results, the
// per-provider fixtures (seeded ids, emulator paths, error envelopes) and a stack wrapper that
// checks every GraphQL response for leaked provider tokens.
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { UpdateWorkspaceDocument, WorkspaceDocument } from '../../operations/generated/graphql';
import type { EmulatedProvider, Emulator, RecordedRequest } from '../../src/emulator';
import { startStack, type GraphQLResponse, type TestStack } from '../support/stack';

export type Provider = EmulatedProvider;
export const PROVIDERS: readonly Provider[] = ['blaxel', 'dreadnode', 'flashback', 'vertra', 'altostrat', 'terraform'];

// ---------------------------------------------------------------------------------------------
// GraphQL documents
// ---------------------------------------------------------------------------------------------

/**
 * The README's operations (operations/*.graphql: the mutation selecting every member and
 * `... on Error { message }`, the workspace(id) query), as printed from codegen's typed documents.
 */
export const UPDATE_MUTATION = print(UpdateWorkspaceDocument);
export const WORKSPACE_QUERY = print(WorkspaceDocument);

// ---------------------------------------------------------------------------------------------
// Result types (what the documents above select)
// ---------------------------------------------------------------------------------------------

export interface WorkspaceData {
  id: string;
  provider: string;
  providerId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  details: { __typename: string } & Record<string, unknown>;
}

export interface FieldErrorData {
  path: string[];
  code: string;
  message: string;
}

/** One member of UpdateWorkspaceResult; which fields are present depends on __typename. */
export interface UpdateResult {
  __typename: string;
  message?: string;
  workspace?: WorkspaceData;
  fieldErrors?: FieldErrorData[];
  id?: string;
  provider?: string;
  field?: string | null;
  retryAfterSeconds?: number | null;
  status?: number | null;
  code?: string | null;
  retryable?: boolean;
}

export type UpdateInput = { id: string } & Record<string, unknown>;

export interface GraphQLErrorData {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The stack, wrapped
// ---------------------------------------------------------------------------------------------

/** Throws (fails the test) when a response body contains any of the secrets. */
export function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text, 'a provider token leaked into a GraphQL response').not.toContain(secret);
  }
}

export interface Harness {
  stack: TestStack;
  emulator: Emulator;
  /** The provider tokens this subgraph was given (the emulator's and any from `env`). */
  secrets: string[];
  /** Every GraphQL response body received so far, serialised. */
  responses: string[];
  /** A GraphQL request; every response is checked for leaked tokens before it is returned. */
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<TData>>;
  /** updateWorkspace(input); fails the test on GraphQL errors (results must be typed). */
  update(input: UpdateInput): Promise<UpdateResult>;
  /** workspace(id), the whole response (data and errors). */
  read(id: string): Promise<GraphQLResponse<{ workspace: WorkspaceData | null }>>;
  close(): Promise<void>;
}

/**
 * Keeps the tests of a file independent and fast. A stack's provider breakers are shared by all
 * its requests, so the failures one test injects must not open them for the next test; and a
 * Retry-After is honoured between retries for a few ms only. `env` can override both.
 */
export const TEST_UPSTREAM_ENV: Record<string, string> = {
  BREAKER_THRESHOLD: '1000000',
  UPSTREAM_RETRY_AFTER_CAP_MS: '10',
};

export async function startHarness(env: Record<string, string | undefined> = {}): Promise<Harness> {
  const stack = await startStack({ ...TEST_UPSTREAM_ENV, ...env });
  const secrets = [
    stack.emulator.token,
    ...Object.entries(env)
      .filter(([key, value]) => key.endsWith('_API_TOKEN') && value)
      .map(([, value]) => value as string),
  ];
  const responses: string[] = [];
  const graphql = async <TData>(query: string, variables?: Record<string, unknown>) => {
    const response = await stack.graphql<TData>(query, variables);
    const text = JSON.stringify(response.body);
    responses.push(text);
    expectNoSecrets(text, secrets);
    return response;
  };
  return {
    stack,
    emulator: stack.emulator,
    secrets,
    responses,
    graphql,
    async update(input) {
      const response = await graphql<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, { input });
      expect(response.body.errors, 'updateWorkspace must answer with a typed result').toBeUndefined();
      expect(response.status).toBe(200);
      const result = response.body.data?.updateWorkspace;
      if (!result) throw new Error(`no updateWorkspace result: ${JSON.stringify(response.body)}`);
      return result;
    },
    read: (id) => graphql<{ workspace: WorkspaceData | null }>(WORKSPACE_QUERY, { id }),
    close: () => stack.close(),
  };
}

/**
 * One stack for the enclosing describe/file: started in beforeAll, emulator data, faults and
 * recorded requests reset before each test, closed in afterAll. Returns an accessor.
 */
export function useHarness(env: Record<string, string | undefined> = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(env);
  });
  beforeEach(async () => {
    await harness?.stack.reset();
    harness?.emulator.clearRequests();
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the stack did not start');
    return harness;
  };
}

/** A GraphQL POST to any endpoint (for subgraphs not started by startStack), with extra headers. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData> & { headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<TData>['body'],
  };
}

/** The env that points one provider (or all) at a base URL or token. */
export function envFor(providers: readonly Provider[], values: { baseUrl?: string; token?: string }) {
  const env: Record<string, string> = {};
  for (const provider of providers) {
    const prefix = provider.toUpperCase();
    if (values.baseUrl !== undefined) env[`${prefix}_BASE_URL`] = values.baseUrl;
    if (values.token !== undefined) env[`${prefix}_API_TOKEN`] = values.token;
  }
  return env;
}

/** Provider calls seen by the emulator, as `METHOD path` (compact for assertions). */
export function calls(emulator: Emulator): string[] {
  return emulator.requests.map((r) => `${r.method} ${r.path}`);
}

/** The only request the emulator saw (fails unless there was exactly one). */
export function onlyRequest(emulator: Emulator): RecordedRequest {
  expect(calls(emulator)).toHaveLength(1);
  return emulator.requests[0] as RecordedRequest;
}

/** ISO-8601 UTC with milliseconds, as the graph returns DateTime values. */
export const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// ---------------------------------------------------------------------------------------------
// Per-provider fixtures
// ---------------------------------------------------------------------------------------------

export interface ProviderFixture {
  provider: Provider;
  /** The WorkspaceProvider enum value. */
  enumValue: string;
  updateMethod: 'PUT' | 'PATCH';
  /** A writable seeded workspace, its emulator path and name. */
  writable: { id: string; path: string; name: string };
  /**
   * The read-only seed: reads work, updates get 403 (WorkspacePermissionDeniedError), or the 404
   * of a provider that does not tell "may not change" from "does not exist" (HCP Terraform).
   */
  readOnly: { id: string; path: string; refusedAs?: 'WorkspaceNotFoundError' };
  /** Well-formed, but the provider has no such workspace. */
  unknownId: string;
  /** A harmless valid change (a fresh name). */
  rename: Record<string, unknown>;
  /** The provider's own 500 envelope, and the `code` WorkspaceProviderError should carry. */
  serverError: { body: unknown; code: string | null };
  /** The provider's 429 envelope (headers are added per test). */
  rateLimitBody: unknown;
  /** A 200 whose body has the right envelope but no workspace name: unusable. */
  bodyWithoutName: unknown;
}

const ACME_ORG_ID = '5b0c9a6e-2f4d-4c1b-9e7a-3d8f1a2b4c6d';
export const FLASHBACK_DEV_ID = '123e4567-e89b-12d3-a456-426614174000';
export const FLASHBACK_STAGING_ID = '3f2a1b4c-5d6e-4f70-8a91-b2c3d4e5f607';

export const TERRAFORM_BILLING_ID = 'ws-KTuq99JSzgmDSvYj';
export const TERRAFORM_NETWORK_ID = 'ws-2ZcQfxgJ8uN4rW7d';
export const TERRAFORM_LEGACY_ID = 'ws-Lk9pR3vT6yB1mXq5';

export const FIXTURES: Record<Provider, ProviderFixture> = {
  blaxel: {
    provider: 'blaxel',
    enumValue: 'BLAXEL',
    updateMethod: 'PUT',
    writable: { id: 'blaxel:my-workspace', path: '/workspaces/my-workspace', name: 'my-workspace' },
    readOnly: { id: 'blaxel:locked-workspace', path: '/workspaces/locked-workspace' },
    unknownId: 'blaxel:no-such-workspace',
    rename: { displayName: 'Renamed by a test' },
    serverError: { body: { error: 'internal_error', message: 'Something broke' }, code: 'internal_error' },
    rateLimitBody: { error: 'rate_limited', message: 'Too many requests' },
    bodyWithoutName: { id: 'ws-7f3c9a12', displayName: 'My Workspace' },
  },
  dreadnode: {
    provider: 'dreadnode',
    enumValue: 'DREADNODE',
    updateMethod: 'PUT',
    writable: { id: 'dreadnode:acme/research', path: '/org/acme/ws/research', name: 'Research' },
    readOnly: { id: 'dreadnode:acme/archive', path: '/org/acme/ws/archive' },
    unknownId: 'dreadnode:acme/no-such-ws',
    rename: { name: 'Research Lab' },
    serverError: {
      body: { code: 500, detail: 'Internal server error', type: 'internal_error' },
      code: 'internal_error',
    },
    rateLimitBody: { code: 429, detail: 'Rate limited', type: 'rate_limited' },
    bodyWithoutName: {
      id: '0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
      key: 'research',
      is_active: true,
      is_default: true,
      org_id: ACME_ORG_ID,
    },
  },
  flashback: {
    provider: 'flashback',
    enumValue: 'FLASHBACK',
    updateMethod: 'PUT',
    writable: {
      id: `flashback:${FLASHBACK_DEV_ID}`,
      path: `/workspace/${FLASHBACK_DEV_ID}`,
      name: 'Development Workspace',
    },
    readOnly: {
      id: 'flashback:9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
      path: '/workspace/9b8a7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d',
    },
    unknownId: 'flashback:00000000-0000-4000-8000-000000000000',
    rename: { name: 'Updated Development Workspace' },
    serverError: { body: { success: false, message: 'Failed to update workspace' }, code: null },
    rateLimitBody: { success: false, message: 'Too many requests' },
    bodyWithoutName: {
      success: true,
      workspace: { id: FLASHBACK_DEV_ID, orgId: '987fcdeb-51a2-43d1-9f12-345678901234' },
    },
  },
  vertra: {
    provider: 'vertra',
    enumValue: 'VERTRA',
    updateMethod: 'PUT',
    writable: { id: 'vertra:org123', path: '/workspaces/org123', name: 'updatedworkspace' },
    readOnly: { id: 'vertra:org789', path: '/workspaces/org789' },
    unknownId: 'vertra:org000',
    rename: { name: 'renamed-workspace' },
    serverError: { body: { code: 'INTERNAL_ERROR', message: 'Something broke' }, code: 'INTERNAL_ERROR' },
    rateLimitBody: { code: 'RATE_LIMITED', message: 'Too many requests' },
    bodyWithoutName: { response: { id: 'org123', tags: [] } },
  },
  altostrat: {
    provider: 'altostrat',
    enumValue: 'ALTOSTRAT',
    updateMethod: 'PATCH',
    writable: {
      id: 'altostrat:ws_a1b2c3d4e5f6g7h8',
      path: '/workspaces/ws_a1b2c3d4e5f6g7h8',
      name: 'ACME Corporation',
    },
    readOnly: { id: 'altostrat:ws_r0e1a2d3o4n5l6y7', path: '/workspaces/ws_r0e1a2d3o4n5l6y7' },
    unknownId: 'altostrat:ws_doesnotexist0000',
    rename: { name: 'ACME Corp. Workspace' },
    serverError: {
      body: {
        type: 'api_error',
        code: 'internal_server_error',
        message: 'An internal server error occurred. Please try again later.',
        doc_url: 'https://docs.altostrat.io/errors/internal_server_error',
      },
      code: 'internal_server_error',
    },
    rateLimitBody: {
      type: 'rate_limit_error',
      code: 'rate_limited',
      message: 'Too many requests',
      doc_url: 'https://docs.altostrat.io/errors/rate_limited',
    },
    bodyWithoutName: { id: 'ws_a1b2c3d4e5f6g7h8', archived: false },
  },
  terraform: {
    provider: 'terraform',
    enumValue: 'TERRAFORM',
    updateMethod: 'PATCH',
    writable: {
      id: `terraform:${TERRAFORM_BILLING_ID}`,
      path: `/workspaces/${TERRAFORM_BILLING_ID}`,
      name: 'billing-prod',
    },
    // Locked, and the token may read it but not administer it: HCP Terraform answers 404 (document §4).
    readOnly: {
      id: `terraform:${TERRAFORM_LEGACY_ID}`,
      path: `/workspaces/${TERRAFORM_LEGACY_ID}`,
      refusedAs: 'WorkspaceNotFoundError',
    },
    unknownId: 'terraform:ws-0000000000000000',
    rename: { name: 'billing-production' },
    serverError: {
      body: { errors: [{ status: '500', title: 'internal server error', detail: 'Something broke' }] },
      code: 'internal server error',
    },
    // Document §5's 429, whose status is a number.
    rateLimitBody: {
      errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: 'Too many requests' }],
    },
    bodyWithoutName: {
      data: { id: TERRAFORM_BILLING_ID, type: 'workspaces', attributes: { 'auto-apply': true, locked: false } },
    },
  },
};

export const ALL_FIXTURES: readonly ProviderFixture[] = PROVIDERS.map((p) => FIXTURES[p]);
