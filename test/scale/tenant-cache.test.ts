// Tenant-safe caching against a real redis-server: a provider read cached for one credential is
// served only to requests that use the same credential, and no key or value holds a credential.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_TENANTS } from '../../src/emulator';
import { READ_CACHE_PREFIX } from '../../src/providers/shared/provider-data-source';
import { WORKSPACE_QUERY, calls, postGraphQL } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { startRedis } from '../support/processes';
import { startStack, type TestStack } from '../support/stack';
import { envName, providerWith, type ProviderFixture } from '../providers';

/** Providers that answer a workspace the credential may not see with their 403: one per mode. */
const refuses = (f: ProviderFixture) => !f.readOnly.refusedAs;
const TENANT = providerWith('that answer 403 to what a token may not see', refuses, 0);
const CALLER = providerWith('that answer 403 to what a token may not see', refuses, 1);

let key: TestKey;
let jwks: JwksServer;
let redis: { url: string; stop(): Promise<void> };
let stack: TestStack;

beforeAll(async () => {
  key = await makeKey('RS256');
  [jwks, redis] = await Promise.all([serveJwks([key]), startRedis()]);
  stack = await startStack({
    REDIS_URL: redis.url,
    READ_CACHE_TTL_SECONDS: '60',
    ...jwtEnv(jwks),
    TENANT_CREDENTIALS_FILE: resolve(__dirname, '../../examples/tenant-credentials.json'),
    [envName(TENANT, 'CREDENTIALS')]: 'tenant',
    [envName(CALLER, 'CREDENTIALS')]: 'caller',
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await redis?.stop();
  await jwks?.close();
});

beforeEach(() => stack.emulator.clearRequests());

async function read(id: string, claims: Record<string, unknown>, headers: Record<string, string> = {}) {
  const jwt = await signToken({ key, claims: { scope: 'workspaces:read', ...claims } });
  return postGraphQL<{ workspace: { id: string; name: string } | null }>(
    stack.url,
    WORKSPACE_QUERY,
    { id },
    { authorization: `Bearer ${jwt}`, ...headers },
  );
}

function redisDump(): string {
  const keys = execFileSync('redis-cli', ['-u', redis.url, '--raw', 'keys', '*'], { encoding: 'utf8' });
  const values = keys
    .split('\n')
    .filter(Boolean)
    .map((k) => execFileSync('redis-cli', ['-u', redis.url, '--raw', 'get', k], { encoding: 'utf8' }));
  return `${keys}\n${values.join('\n')}`;
}

describe('a shared cache keyed by credential (REDIS_URL)', () => {
  it("tenant acme's cached read is served to acme again, never to globex", async () => {
    const { id, path } = TENANT.writable;
    const first = await read(id, { tenant: 'acme' });
    expect(first.body.data?.workspace?.id).toBe(id);
    expect(calls(stack.emulator)).toEqual([`GET ${path}`]);

    const again = await read(id, { tenant: 'acme', sub: 'another-acme-user' });
    expect(again.body.data?.workspace).toEqual(first.body.data?.workspace);
    expect(calls(stack.emulator)).toHaveLength(1);

    // globex uses its own token: the provider is asked, and refuses it.
    const globex = await read(id, { tenant: 'globex' });
    expect(globex.body.data?.workspace ?? null).toBeNull();
    expect(globex.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(calls(stack.emulator)).toHaveLength(2);
    expect(stack.emulator.requests[1]?.headers['authorization']).toBe(
      `Bearer ${EMULATOR_TENANTS.globex.tokens[TENANT.provider]}`,
    );
  });

  it("two callers' own tokens (caller mode) do not share entries", async () => {
    const { id } = CALLER.writable;
    const mine = { [CALLER.tokenHeader]: EMULATOR_TENANTS.acme.tokens[CALLER.provider] };
    expect((await read(id, {}, mine)).body.data?.workspace?.id).toBe(id);
    expect((await read(id, {}, mine)).body.data?.workspace).not.toBeNull();
    expect(calls(stack.emulator)).toHaveLength(1);
    const theirs = { [CALLER.tokenHeader]: EMULATOR_TENANTS.globex.tokens[CALLER.provider] };
    const other = await read(id, {}, theirs);
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(calls(stack.emulator)).toHaveLength(2);
  });

  it('no Redis key or value holds a credential', () => {
    const dump = redisDump();
    expect(dump).toContain(READ_CACHE_PREFIX);
    for (const tenant of Object.values(EMULATOR_TENANTS)) {
      for (const token of Object.values(tenant.tokens)) expect(dump).not.toContain(token);
    }
    expect(dump).not.toContain(stack.emulator.token);
  });
});
