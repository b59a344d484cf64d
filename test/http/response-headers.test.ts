// GraphQL responses carry provider data fetched with this subgraph's credentials: no cache
// between the caller and the subgraph may keep them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const post = (body: unknown) =>
  fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Cache-Control on GraphQL responses', () => {
  it.each([
    ['a read', { query: '{ workspace(id: "vertra:org123") { id } }' }, 200, '"id":"vertra:org123"'],
    [
      'a mutation',
      { query: 'mutation { updateWorkspace(input: { id: "vertra:org123", name: "Org 123" }) { __typename } }' },
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
