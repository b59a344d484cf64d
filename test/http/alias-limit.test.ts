import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceFieldsFragmentDoc } from '../../operations/generated/graphql';
import { ROUTER_SECRET_HEADER } from '../../src/server/http/router-secret';
import { OPERATION_LIMITS } from '../../src/server/plugins/operation-limits';
import { ALL_FIXTURES, providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/** A workspace to select under (any provider's). */
const ID = JSON.stringify(providerAt(0).writable.id);

const SECRET = 'router-secret-for-tests-0123456789';
const LIMIT = OPERATION_LIMITS.maxAliases;

/** `a0: <selection> a1: <selection> …`, `n` aliases in all. */
const aliases = (n: number, selection: string, prefix = 'a') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}: ${selection}`).join(' ');

/** The answer armor gives to an operation over the alias limit (the first error, when there are more). */
const refusal = (found: number) => ({
  message: `Syntax Error: Aliases limit of ${LIMIT} exceeded, found ${found}.`,
  extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
});

describe.each([
  ['in production (NODE_ENV=production)', { NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: SECRET }],
  ['outside production', {}],
])('the alias limit %s', (_mode, env) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack(env);
  });
  afterAll(() => stack?.close());

  async function query(q: string, variables?: Record<string, unknown>) {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ROUTER_SECRET_HEADER]: SECRET },
      body: JSON.stringify({ query: q, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    return { status: response.status, body };
  }

  async function expectRefused(q: string, found: number) {
    const { status, body } = await query(q);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toEqual(refusal(found));
  }

  it('refuses one alias over the limit of a normal field (armor, as before)', async () => {
    await expectRefused(`{ ${aliases(LIMIT + 1, `workspace(id: ${ID}) { id }`)} }`, LIMIT + 1);
  });

  it('refuses 3,000 aliases of __typename in the same way', async () => {
    await expectRefused(`{ ${aliases(3000, '__typename')} }`, 3000);
  });

  it('refuses one alias of __typename over the limit, and answers exactly the limit', async () => {
    await expectRefused(`{ ${aliases(LIMIT + 1, '__typename')} }`, LIMIT + 1);
    const { status, body } = await query(`{ ${aliases(LIMIT, '__typename')} }`);
    expect(status).toBe(200);
    expect(Object.keys(body.data as object)).toHaveLength(LIMIT);
  });

  it.each([
    ['__schema', '__schema { queryType { name } }'],
    ['__type', '__type(name: "Query") { name }'],
  ])('refuses aliases of %s over the limit', async (_field, selection) => {
    await expectRefused(`{ ${aliases(LIMIT + 1, selection)} }`, LIMIT + 1);
  });

  it.each([
    ['a named fragment', `{ ...F } fragment F on Query { ${aliases(LIMIT + 1, '__typename')} }`],
    ['an inline fragment', `{ ... on Query { ${aliases(LIMIT + 1, '__typename')} } }`],
    ['a nested selection', `{ workspace(id: ${ID}) { ${aliases(LIMIT + 1, '__typename')} } }`],
    [
      'a fragment inside an inline fragment inside a nested selection',
      `{ workspace(id: ${ID}) { ... on Workspace { ...W } } }
       fragment W on Workspace { details { ${aliases(LIMIT + 1, '__typename')} } }`,
    ],
  ])('refuses aliases of __typename hidden in %s', async (_where, q) => {
    await expectRefused(q, LIMIT + 1);
  });

  it('counts a fragment once per spread, and adds up aliases from everywhere in the operation', async () => {
    const half = Math.ceil((LIMIT + 1) / 2);
    await expectRefused(
      `{ ...F ... on Query { ...F } } fragment F on Query { ${aliases(half, '__typename')} }`,
      2 * half,
    );
    const third = Math.ceil((LIMIT + 1) / 3);
    await expectRefused(
      `{ ${aliases(third, '__typename', 'top')}
         ... on Query { ${aliases(third, '__typename', 'inline')} }
         workspace(id: ${ID}) { ...W } }
       fragment W on Workspace { ${aliases(third, 'id', 'named')} }`,
      3 * third,
    );
  });

  it("still answers a router's _entities query with 100 representations", async () => {
    // Every provider's two writable seeds in turn, with every field of the README's fragment.
    const ids = ALL_FIXTURES.flatMap((f) => [f.writable.id, f.otherWritable.id]);
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Workspace',
      id: ids[i % ids.length],
    }));
    const { status, body } = await query(
      `query($representations:[_Any!]!){_entities(representations:$representations){...on Workspace{__typename ...WorkspaceFields}}} ${print(WorkspaceFieldsFragmentDoc)}`,
      { representations },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data as { _entities: unknown[] })._entities).toHaveLength(100);
  });
});
