// AUTH_MODE=jwt over real HTTP: every refusal is a 401 with `WWW-Authenticate: Bearer` and one
// UNAUTHENTICATED error, and nothing reaches a provider; `_service { sdl }` stays open; scopes
// decide what a verified caller may do. Keys are made here; the JWKS is served on loopback.
import { print } from 'graphql';
import { PlanWorkspaceUpdatesDocument } from '../../operations/generated/graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WORKSPACE_QUERY, UPDATE_MUTATION, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import {
  jwtEnv,
  makeKey,
  serveJwks,
  signToken,
  unsignedToken,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type JwksServer,
  type TestKey,
} from '../support/jwt';
import { startStack, type TestStack } from '../support/stack';
import { ALL_FIXTURES, malformedIds, providerAt } from '../providers';
import { SignJWT } from 'jose';
import { createHash } from 'node:crypto';

let rsa: TestKey;
let ec: TestKey;
let ed: TestKey;
let stranger: TestKey;
let jwks: JwksServer;
let stack: TestStack;

const WRITE = 'workspaces:read workspaces:write';
/** The workspace the requests here read and update (any provider's). */
const P = providerAt(0);
const ID = P.writable.id;
/** A malformed id of P: INVALID, when it is judged. */
const MALFORMED = (malformedIds(P).find((m) => m.id.startsWith(`${P.provider}:`)) as { id: string }).id;
const ENTITIES =
  'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Workspace { id name } } }';

beforeAll(async () => {
  [rsa, ec, ed, stranger] = await Promise.all([makeKey('RS256'), makeKey('ES256'), makeKey('EdDSA'), makeKey('RS256')]);
  jwks = await serveJwks([rsa, ec, ed]);
  stack = await startStack({
    ...jwtEnv(jwks),
  });
});

afterAll(async () => {
  await stack?.close();
  await jwks?.close();
});

beforeEach(() => {
  stack.emulator.reset();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function update(headers: Record<string, string>, input: Record<string, unknown> = { id: ID, ...P.rename }) {
  return postGraphQL<{ updateWorkspace: UpdateResult }>(stack.url, UPDATE_MUTATION, { input }, headers);
}

function expectUnauthenticated(response: Awaited<ReturnType<typeof postGraphQL>>): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  expect(response.body.data ?? null).toBeNull();
}

describe('refusals: 401, WWW-Authenticate: Bearer, UNAUTHENTICATED, nothing upstream', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', async () => ({})],
    ['a scheme other than Bearer', async () => ({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })],
    ['a token that is not a JWT', async () => bearer('not-a-jwt')],
    ['an expired token', async () => bearer(await signToken({ key: rsa, exp: now() - 120, claims: { scope: WRITE } }))],
    ['a token without exp', async () => bearer(await signToken({ key: rsa, exp: null, claims: { scope: WRITE } }))],
    [
      'a token not valid yet (nbf)',
      async () => bearer(await signToken({ key: rsa, claims: { scope: WRITE, nbf: now() + 600 } })),
    ],
    [
      'another issuer',
      async () => bearer(await signToken({ key: rsa, iss: 'https://evil.example/', claims: { scope: WRITE } })),
    ],
    ['no issuer', async () => bearer(await signToken({ key: rsa, iss: null, claims: { scope: WRITE } }))],
    [
      'another audience',
      async () => bearer(await signToken({ key: rsa, aud: 'another-api', claims: { scope: WRITE } })),
    ],
    ['a key the JWKS does not have', async () => bearer(await signToken({ key: stranger, claims: { scope: WRITE } }))],
    ['alg none', async () => bearer(unsignedToken({ scope: WRITE }))],
    [
      'HS256 (a shared secret), even keyed with the public key',
      async () => {
        const secret = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
        const token = await new SignJWT({ scope: WRITE })
          .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setExpirationTime('1h')
          .sign(secret);
        return bearer(token);
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await signToken({ key: rsa, claims: { scope: 'workspaces:read' } })).split('.');
        const forged = Buffer.from(
          JSON.stringify({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now() + 3600, scope: WRITE }),
        ).toString('base64url');
        return bearer(`${header}.${forged}.${signature}`);
      },
    ],
  ];

  it.each(cases)('%s: the mutation', async (_name, headersOf) => {
    expectUnauthenticated(await update(await headersOf()));
    expect(calls(stack.emulator)).toEqual([]);
  });

  it.each(cases)('%s: a read', async (_name, headersOf) => {
    expectUnauthenticated(await postGraphQL(stack.url, WORKSPACE_QUERY, { id: ID }, await headersOf()));
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('an _entities read without a token', async () => {
    const representations = [{ __typename: 'Workspace', id: ID }];
    expectUnauthenticated(await postGraphQL(stack.url, ENTITIES, { representations }));
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('the SDL together with anything else', async () => {
    expectUnauthenticated(
      await postGraphQL(stack.url, `{ _service { sdl } workspace(id: ${JSON.stringify(ID)}) { id } }`),
    );
    expectUnauthenticated(
      await postGraphQL(
        stack.url,
        `query { ...F } fragment F on Query { _service { sdl } workspace(id: ${JSON.stringify(ID)}) { id } }`,
      ),
    );
    expect(calls(stack.emulator)).toEqual([]);
  });
});

describe('without a token, nothing but the 401: no parse, validation or persisted-query error', () => {
  /** A raw POST of `body` (anything JSON), answered as text and parsed. */
  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** The 401 answer, whatever else the operation had wrong: nothing of the schema in it. */
  function expectOnly401(response: { status: number; headers: Headers; text: string }): void {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = JSON.parse(response.text) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    for (const leak of ['Cannot query field', 'Did you mean', 'Syntax Error', 'PERSISTED_QUERY', 'GRAPHQL_']) {
      expect(response.text).not.toContain(leak);
    }
  }

  it('a query that does not validate (an unknown field, a typo of a real one)', async () => {
    expectOnly401(await post({ query: `{ workspace(id: ${JSON.stringify(ID)}) { idx } }` }));
    expectOnly401(await post({ query: '{ workspaceX }' }));
    expectOnly401(await post({ query: '{ _service { sdlx } }' }));
  });

  it('a syntax error', async () => {
    expectOnly401(await post({ query: '{ workspace(' }));
    expectOnly401(await post({ query: '{ _service { sdl }' }));
  });

  it('a hash-only persisted query, known or not', async () => {
    const query = `{ workspace(id: ${JSON.stringify(ID)}) { id } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    expectOnly401(await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    // Registering it is refused too: it stays unknown to the next anonymous caller...
    expectOnly401(await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    expectOnly401(await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    // ...and a registered SDL query is still answered by its hash.
    const sdl = '{ _service { sdl } }';
    const sdlHash = createHash('sha256').update(sdl).digest('hex');
    expect(
      (await post({ query: sdl, extensions: { persistedQuery: { version: 1, sha256Hash: sdlHash } } })).status,
    ).toBe(200);
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sdlHash } } })).status).toBe(200);
    // With a token, an unknown hash is the usual PERSISTED_QUERY_NOT_FOUND.
    const token = await signToken({ key: rsa, claims: { scope: WRITE } });
    const unknown = createHash('sha256').update('{ __typename }#').digest('hex');
    const withToken = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } },
      bearer(token),
    );
    expect(withToken.text).toContain('PERSISTED_QUERY_NOT_FOUND');
  });

  it('a batch, even one whose first operation alone would be open: 401 for every operation (one operation only without a token)', async () => {
    const response = await post([
      { query: '{ __typename }' },
      { query: WORKSPACE_QUERY, variables: { id: ID } },
      { query: '{ workspaceX }' },
    ]);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const [open, read, invalid] = JSON.parse(response.text) as {
      data?: unknown;
      errors?: { extensions?: Record<string, unknown> }[];
    }[];
    for (const refused of [open, read, invalid]) {
      expect(refused?.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      expect(refused?.data ?? null).toBeNull();
    }
    expect(response.text).not.toContain('Cannot query field');
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('a GET request: a query, a mutation, an invalid query', async () => {
    const get = async (query: string) => {
      const url = new URL(stack.url);
      url.searchParams.set('query', query);
      const response = await fetch(url, { headers: { 'apollo-require-preflight': '1' } });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    expectOnly401(await get(`{ workspace(id: ${JSON.stringify(ID)}) { id } }`));
    expectOnly401(
      await get(`mutation { updateWorkspace(input: { id: ${JSON.stringify(ID)}, name: "x" }) { __typename } }`),
    );
    expectOnly401(await get('{ workspaceX }'));
    expect((await get('{ _service { sdl } }')).status).toBe(200);
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('a document of several operations: operationName decides', async () => {
    const query = `query Sdl { _service { sdl } } query Read { workspace(id: ${JSON.stringify(ID)}) { id } }`;
    const sdl = await post({ query, operationName: 'Sdl' });
    expect(sdl.status).toBe(200);
    expect(sdl.text).toContain('@requiresScopes');
    expectOnly401(await post({ query, operationName: 'Read' }));
    expectOnly401(await post({ query, operationName: 'Missing' }));
    expectOnly401(await post({ query }));
    // The open operation, in a document that does not validate: the validation errors stay unsaid.
    expectOnly401(
      await post({ query: 'query Sdl { _service { sdl } } query Bad { workspaceX }', operationName: 'Sdl' }),
    );
    expect(calls(stack.emulator)).toEqual([]);
  });
});

describe('open without a token: what routers and composition tools ask', () => {
  it('_service { sdl }', async () => {
    const response = await postGraphQL<{ _service: { sdl: string } }>(stack.url, '{ _service { sdl } }');
    expect(response.status).toBe(200);
    expect(response.body.data?._service.sdl).toContain('@requiresScopes');
  });

  it('__typename, and the SDL through a fragment', async () => {
    const response = await postGraphQL(
      stack.url,
      'query Sdl { __typename ...S } fragment S on Query { _service { sdl } }',
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });
});

describe('verified callers', () => {
  it.each([
    ['RS256', () => rsa],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ])('a %s token with workspaces:write updates', async (_alg, key) => {
    const response = await update(bearer(await signToken({ key: key(), claims: { scope: WRITE } })));
    expect(response.status).toBe(200);
    expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
    expect(calls(stack.emulator)).toEqual([`${P.updateMethod} ${P.writable.path}`]);
  });

  it('scopes from scp, as an array or a string', async () => {
    for (const scp of [['workspaces:write'], 'workspaces:read workspaces:write']) {
      const response = await update(bearer(await signToken({ key: rsa, claims: { scp } })));
      expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
    }
  });

  it('an audience list that contains ours', async () => {
    const token = await signToken({ key: rsa, aud: ['other', TEST_AUDIENCE], claims: { scope: WRITE } });
    expect((await update(bearer(token))).body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
  });

  it('without workspaces:write, an update is WorkspacePermissionDeniedError naming the scope, and nothing is sent', async () => {
    const response = await update(bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:read' } })));
    expect(response.status).toBe(200);
    expect(response.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspacePermissionDeniedError',
      provider: P.enumValue,
      message: expect.stringContaining('workspaces:write'),
    });
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('without workspaces:read, workspace(id) and _entities are FORBIDDEN, and nothing is sent', async () => {
    const headers = bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:write' } }));
    const read = await postGraphQL(stack.url, WORKSPACE_QUERY, { id: ID }, headers);
    expect(read.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(read.body.errors?.[0]?.message).toContain('workspaces:read');
    const representations = [
      { __typename: 'Workspace', id: ID },
      { __typename: 'Workspace', id: providerAt(1).writable.id },
    ];
    const entities = await postGraphQL(stack.url, ENTITIES, { representations }, headers);
    expect(entities.body.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('planWorkspaceUpdates needs workspaces:read (not write): without it, each item is WorkspacePermissionDeniedError, nothing read', async () => {
    const plan = (headers: Record<string, string>) =>
      postGraphQL<{ planWorkspaceUpdates: { __typename: string; message?: string }[] }>(
        stack.url,
        print(PlanWorkspaceUpdatesDocument),
        { inputs: [{ id: ID, ...P.rename }] },
        headers,
      );
    const writerOnly = await plan(bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:write' } })));
    expect(writerOnly.body.data?.planWorkspaceUpdates).toEqual([
      expect.objectContaining({
        __typename: 'WorkspacePermissionDeniedError',
        message: expect.stringContaining('workspaces:read'),
      }),
    ]);
    expect(calls(stack.emulator)).toEqual([]);
    const reader = await plan(bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:read' } })));
    expect(reader.body.data?.planWorkspaceUpdates.map((r) => r.__typename)).toEqual(['WorkspaceUpdatePlan']);
    expect(stack.emulator.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('without the scope, the id is not judged: a malformed reference is refused for the scope, not as invalid', async () => {
    const reader = bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:read' } }));
    const writer = bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:write' } }));
    // Every provider's seed and its malformed ids (those with its own, lower-case, prefix).
    const ids = ALL_FIXTURES.flatMap((f) =>
      [f.writable.id, ...malformedIds(f).map((m) => m.id)]
        .filter((id) => id.startsWith(`${f.provider}:`))
        .map((id) => [id, f.enumValue] as const),
    );
    for (const [id, provider] of ids) {
      const updated = await update(reader, { id, name: 'x' });
      expect(updated.body.data?.updateWorkspace).toMatchObject({
        __typename: 'WorkspacePermissionDeniedError',
        provider,
        message: expect.stringContaining('workspaces:write'),
      });
      const read = await postGraphQL(stack.url, WORKSPACE_QUERY, { id }, writer);
      expect(read.body.errors?.map((e) => [e.extensions?.['code'], e.message])).toEqual([
        ['FORBIDDEN', expect.stringContaining('workspaces:read')],
      ]);
    }
    // A prefix that names no provider (public: the WorkspaceProvider enum) keeps its validation error:
    // WorkspacePermissionDeniedError.provider has no provider to name.
    expect((await update(reader, { id: 'nope:x', name: 'x' })).body.data?.updateWorkspace.__typename).toBe(
      'WorkspaceValidationError',
    );
    // On a read, at the query's own argument: workspace(id:) has no `input`.
    const unnamed = await postGraphQL(stack.url, WORKSPACE_QUERY, { id: 'nope:x' }, writer);
    expect(unnamed.body.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['fieldErrors']])).toEqual([
      ['BAD_USER_INPUT', [{ path: ['id'], code: 'INVALID', message: expect.stringMatching(/^Invalid id: /) }]],
    ]);
    // With the scope, the same malformed ids are judged.
    const malformed = await update(bearer(await signToken({ key: rsa, claims: { scope: WRITE } })), {
      id: MALFORMED,
      name: 'x',
    });
    expect(malformed.body.data?.updateWorkspace.__typename).toBe('WorkspaceValidationError');
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('with workspaces:read, reads go through', async () => {
    const headers = bearer(await signToken({ key: rsa, claims: { scope: 'workspaces:read' } }));
    const read = await postGraphQL<{ workspace: { id: string } }>(stack.url, WORKSPACE_QUERY, { id: ID }, headers);
    expect(read.body.data?.workspace.id).toBe(ID);
  });

  it('a token within the clock tolerance (expired 10 s ago) is still accepted', async () => {
    const token = await signToken({ key: rsa, exp: Math.floor(Date.now() / 1000) - 10, claims: { scope: WRITE } });
    expect((await update(bearer(token))).status).toBe(200);
  });

  it('a token expired 75 s ago is refused: the tolerance is at most 60 s', async () => {
    const token = await signToken({ key: rsa, exp: Math.floor(Date.now() / 1000) - 75, claims: { scope: WRITE } });
    expectUnauthenticated(await update(bearer(token)));
    expect(calls(stack.emulator)).toEqual([]);
  });
});

describe('key rotation at the identity provider', () => {
  it('a token signed by a new key is accepted once the JWKS serves it (refetched on the unknown kid)', async () => {
    const rotated = await makeKey('ES256');
    const token = await signToken({ key: rotated, claims: { scope: WRITE } });
    jwks.setKeys([rsa, ec, ed, rotated]);
    const before = jwks.fetches();
    expect((await update(bearer(token))).body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
    expect(jwks.fetches()).toBe(before + 1);
  });

  it('tokens with made-up kids cannot make the subgraph hammer the JWKS endpoint', async () => {
    const before = jwks.fetches();
    for (let i = 0; i < 20; i++) {
      const key = await makeKey('ES256');
      expectUnauthenticated(await update(bearer(await signToken({ key, claims: { scope: WRITE } }))));
    }
    expect(jwks.fetches() - before).toBeLessThanOrEqual(5);
  });
});
