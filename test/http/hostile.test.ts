import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_LIMITS } from '../../src/server/security';
import { startStack, type TestStack } from '../support/stack';

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
    const deep = `{ workspace(id: "vertra:org123") { ${'details { ... on VertraWorkspaceDetails { members { '.repeat(8)}userId${' } } }'.repeat(8)} } }`;
    const { status, text } = await query(deep);
    expect(status).toBe(400);
    expect(text).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from(
      { length: OPERATION_LIMITS.maxAliases + 1 },
      (_, i) => `a${i}: workspace(id: "vertra:org123") { id }`,
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
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Workspace',
      id: `vertra:org${i % 2 ? '123' : '456'}`,
    }));
    const { status, text } = await query(
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Workspace{__typename id name details{__typename ...on VertraWorkspaceDetails{tags members{userId role joinedAt}}}}}}',
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
