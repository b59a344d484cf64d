// AUTH_JWKS_FILE: the same verification with keys from a local JWKS file (a mounted secret).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_MUTATION, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { makeKey, signToken, writeJwksFile, type TestKey } from '../support/jwt';
import { startStack, type TestStack } from '../support/stack';
import { providerAt } from '../providers';

let key: TestKey;
let other: TestKey;
let stack: TestStack;

beforeAll(async () => {
  [key, other] = await Promise.all([makeKey('PS256'), makeKey('ES384')]);
  stack = await startStack({ AUTH_MODE: 'jwt', AUTH_JWKS_FILE: writeJwksFile([key]) });
});

afterAll(async () => {
  await stack?.close();
});

const P = providerAt(0);
const input = { id: P.writable.id, ...P.rename };

describe('AUTH_JWKS_FILE', () => {
  it('a token signed by a key of the file updates', async () => {
    const token = await signToken({ key, claims: { scope: 'workspaces:write' } });
    const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      stack.url,
      UPDATE_MUTATION,
      { input },
      { authorization: `Bearer ${token}` },
    );
    expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
  });

  it('a token signed by any other key is 401, and nothing is sent', async () => {
    stack.emulator.clearRequests();
    const token = await signToken({ key: other, claims: { scope: 'workspaces:write' } });
    const response = await postGraphQL(stack.url, UPDATE_MUTATION, { input }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(calls(stack.emulator)).toEqual([]);
  });
});
