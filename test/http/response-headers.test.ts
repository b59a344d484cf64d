// GraphQL responses carry provider data fetched with this subgraph's credentials: no cache
// between the caller and the subgraph may keep them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

const P = providerAt(0);
const UPDATE = 'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename } }';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const post = (body: unknown) =>
  fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Cache-Control on GraphQL responses', () => {
  it.each([
    [
      'a read',
      { query: `{ workspace(id: ${JSON.stringify(P.writable.id)}) { id } }` },
      200,
      `"id":${JSON.stringify(P.writable.id)}`,
    ],
    [
      'a mutation',
      { query: UPDATE, variables: { input: { id: P.writable.id, ...P.rename } } },
      200,
      '"UpdateWorkspaceSuccess"',
    ],
    ['an invalid operation', { query: '{ nope }' }, 400, 'GRAPHQL_VALIDATION_FAILED'],
  ])('%s is answered with no-store', async (_case, body, status, contains) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(await response.text()).toContain(contains);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
