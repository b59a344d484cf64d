import { gzipSync } from 'node:zlib';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceFieldsFragmentDoc } from '../../operations/generated/graphql';
import { OPERATION_LIMITS } from '../../src/server/plugins/operation-limits';
import { ALL_FIXTURES, providerAt } from '../providers';
import { startStack, type TestStack } from '../support/stack';

/** A workspace to select under (any provider's). */
const ID = JSON.stringify(providerAt(0).writable.id);

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ MAX_BODY_BYTES: String(64 * 1024) });
});
afterAll(() => stack?.close());

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text };
}

const query = (q: string, variables?: unknown) => post(JSON.stringify({ query: q, variables }));

describe('operation limits (graphql-armor and the parser)', () => {
  it('refuses an operation deeper than the limit with a 400', async () => {
    // A valid selection, 3 + 14 fields deep (only `__schema` is exempt from the depth limit, not `__type`).
    const deep = `{ __type(name: "Workspace") { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } }`;
    expect(OPERATION_LIMITS.maxDepth).toBeLessThan(17);
    const { status, text } = await query(deep);
    expect(status).toBe(400);
    expect(text).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from(
      { length: OPERATION_LIMITS.maxAliases + 1 },
      (_, i) => `a${i}: workspace(id: ${ID}) { id }`,
    ).join(' ');
    const { status, text } = await query(`{ ${aliases} }`);
    expect(status).toBe(400);
    expect(text).toMatch(/alias/i);
  });

  it('stops parsing past the token limit with a 400, not a 500', async () => {
    const { status, text } = await query(`{ ${'a '.repeat(OPERATION_LIMITS.maxTokens + 10)} }`);
    expect(status).toBe(400);
    expect(text).toMatch(/tokens/i);
  });

  it('answers a syntax error with 400', async () => {
    expect((await query('{')).status).toBe(400);
  });

  it('lets the operations a router generates pass: _entities with many representations and fragments', async () => {
    // Every provider's two writable seeds in turn, with every field of the README's fragment.
    const ids = ALL_FIXTURES.flatMap((f) => [f.writable.id, f.otherWritable.id]);
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Workspace',
      id: ids[i % ids.length],
    }));
    const { status, text } = await query(
      `query($representations:[_Any!]!){_entities(representations:$representations){...on Workspace{__typename ...WorkspaceFields}}} ${print(WorkspaceFieldsFragmentDoc)}`,
      { representations },
    );
    expect(status).toBe(200);
    expect(JSON.parse(text).data._entities).toHaveLength(100);
  });

  it('answers batched operations (as a router may send them)', async () => {
    const { status, text } = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
  });
});

describe('request body size', () => {
  it('answers an oversize body with 413 and a JSON error, no stack trace', async () => {
    const { status, text } = await query('{ __typename }', { padding: 'x'.repeat(100 * 1024) });
    expect(status).toBe(413);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'The request body is too large.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers a body that is not JSON with 400 JSON', async () => {
    const { status, text } = await post('{"query": ');
    expect(status).toBe(400);
    expect(text).not.toMatch(/<html|at .*\.js/i);
  });

  it('takes a gzip-compressed body (a router may compress subgraph requests)', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ query: '{ __typename }' })),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('counts the limit after decompression: a small gzip of a huge body is 413', async () => {
    const bomb = gzipSync(JSON.stringify({ query: '{ __typename }', variables: { pad: ' '.repeat(1024 * 1024) } }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(response.status).toBe(413);
  });

  it.each([
    ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'zstd-foo' }],
    ['a charset other than UTF', { 'content-type': 'application/json; charset=latin1' }],
  ])('answers %s with 415 JSON', async (_case, headers) => {
    const { status, text } = await post(JSON.stringify({ query: '{ __typename }' }), headers);
    expect(status).toBe(415);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message: 'The request body has an unsupported charset or content encoding.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it('answers an unknown path with 404, and serves /graphql/ as /graphql', async () => {
    expect((await fetch(new URL('/nope', stack.url), { method: 'POST' })).status).toBe(404);
    const trailing = await fetch(`${stack.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await trailing.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
