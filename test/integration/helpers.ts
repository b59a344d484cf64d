// Shared helpers for the integration tests: the GraphQL documents, typed results and a stack
// wrapper that checks every GraphQL response for leaked provider tokens. What each provider
// brings (seeded ids, paths, bodies, cases) is its fixture: test/providers/<p>.ts.
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { UpdateWorkspaceDocument, WorkspaceDocument } from '../../operations/generated/graphql';
import type { Emulator, RecordedRequest } from '../../src/emulator';
import type { ProviderFixture } from '../providers';
import type { UpdateInput, UpdateResult, WorkspaceData } from '../support/results';
import { startStack, type GraphQLResponse, type TestStack } from '../support/stack';

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
// Result types (what the documents above select): test/support/results.ts
// ---------------------------------------------------------------------------------------------

export type { FieldErrorData, GraphQLErrorData, UpdateInput, UpdateResult, WorkspaceData } from '../support/results';

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

/** The env that points some providers (or all: ALL_FIXTURES) at a base URL or token. */
export function envFor(providers: readonly ProviderFixture[], values: { baseUrl?: string; token?: string }) {
  const env: Record<string, string> = {};
  for (const { provider } of providers) {
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
