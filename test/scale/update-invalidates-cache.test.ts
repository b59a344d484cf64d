// An update invalidates the workspace's cached reads for every credential (issue 17, defect 6),
// against a real redis-server: reads are cached per credential (a keyed hash), so an update made
// with one tenant's or caller's token used to forget only that token's entry, and another
// credential's read served the old value for the TTL. Now every read key holds the URL's read
// version, which an update replaces. Across replicas: test/scale/replicas.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_TOKEN, EMULATOR_TENANTS } from '../../src/emulator';
import { READ_VERSION_PREFIX } from '../../src/providers/shared/provider-data-source';
import { UPDATE_MUTATION, WORKSPACE_QUERY, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { startRedis } from '../support/processes';
import { startStack, type TestStack } from '../support/stack';

let key: TestKey;
let jwks: JwksServer;
let redis: { url: string; stop(): Promise<void> };
let stack: TestStack;

/**
 * The example tenants, and `operations`, whose Vertra token (the emulator's main one) sees every
 * workspace: acme and operations read and change the same one, each with its own credential.
 */
function tenantsFile(): string {
  const examples = JSON.parse(
    readFileSync(resolve(__dirname, '../../examples/tenant-credentials.json'), 'utf8'),
  ) as Record<string, Record<string, string>>;
  const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
  writeFileSync(file, JSON.stringify({ ...examples, operations: { vertra: DEFAULT_EMULATOR_TOKEN } }));
  return file;
}

beforeAll(async () => {
  key = await makeKey('RS256');
  [jwks, redis] = await Promise.all([serveJwks([key]), startRedis()]);
  stack = await startStack({
    REDIS_URL: redis.url,
    READ_CACHE_TTL_SECONDS: '60',
    ...jwtEnv(jwks),
    TENANT_CREDENTIALS_FILE: tenantsFile(),
    VERTRA_CREDENTIALS: 'tenant',
    ALTOSTRAT_CREDENTIALS: 'caller',
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await redis?.stop();
  await jwks?.close();
});

beforeEach(() => stack.emulator.clearRequests());

async function bearer(claims: Record<string, unknown>): Promise<Record<string, string>> {
  const jwt = await signToken({ key, claims: { scope: 'workspaces:read workspaces:write', ...claims } });
  return { authorization: `Bearer ${jwt}` };
}

async function description(id: string, headers: Record<string, string>): Promise<string | null | undefined> {
  const response = await postGraphQL<{ workspace: { description: string | null } | null }>(
    stack.url,
    WORKSPACE_QUERY,
    { id },
    headers,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data?.workspace?.description;
}

async function describeAs(id: string, text: string, headers: Record<string, string>): Promise<void> {
  const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(
    stack.url,
    UPDATE_MUTATION,
    { input: { id, description: text } },
    headers,
  );
  expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
}

const gets = (path: string) => calls(stack.emulator).filter((call) => call === `GET ${path}`).length;

describe("an update invalidates every credential's cached reads (REDIS_URL)", () => {
  it('two tenants read the same workspace; one updates it; the other reads the new value', async () => {
    const acme = await bearer({ tenant: 'acme' });
    const operations = await bearer({ tenant: 'operations', sub: 'operator-1' });
    const before = await description('vertra:org123', acme);
    expect(await description('vertra:org123', acme)).toBe(before);
    expect(await description('vertra:org123', operations)).toBe(before);
    // Each credential's read was cached: two GETs for three reads, then none.
    expect(gets('/workspaces/org123')).toBe(2);
    expect(await description('vertra:org123', acme)).toBe(before);
    expect(await description('vertra:org123', operations)).toBe(before);
    expect(gets('/workspaces/org123')).toBe(2);

    await describeAs('vertra:org123', 'changed by operations', operations);
    expect(await description('vertra:org123', acme)).toBe('changed by operations');
    expect(await description('vertra:org123', operations)).toBe('changed by operations');
    expect(gets('/workspaces/org123')).toBe(4);
    // Cached again, under the new version.
    expect(await description('vertra:org123', acme)).toBe('changed by operations');
    expect(gets('/workspaces/org123')).toBe(4);
  });

  it("two callers' own tokens (caller mode): one updates, the other reads the new value", async () => {
    const id = 'altostrat:ws_a1b2c3d4e5f6g7h8';
    const main = { ...(await bearer({})), 'x-altostrat-token': DEFAULT_EMULATOR_TOKEN };
    const acme = { ...(await bearer({})), 'x-altostrat-token': EMULATOR_TENANTS.acme.tokens.altostrat };
    const before = await description(id, acme);
    expect(await description(id, main)).toBe(before);
    expect(await description(id, acme)).toBe(before);
    expect(gets('/workspaces/ws_a1b2c3d4e5f6g7h8')).toBe(2);

    await describeAs(id, 'changed by acme', acme);
    expect(await description(id, main)).toBe('changed by acme');
    expect(await description(id, acme)).toBe('changed by acme');
  });

  it('the read versions are in Redis under the URL alone: no credential', () => {
    const keys = execFileSync('redis-cli', ['-u', redis.url, '--raw', 'keys', `*${READ_VERSION_PREFIX}*`], {
      encoding: 'utf8',
    });
    expect(keys).toContain(`${READ_VERSION_PREFIX}${stack.emulator.baseUrls.vertra}/workspaces/org123`);
    for (const tenant of Object.values(EMULATOR_TENANTS)) {
      for (const token of Object.values(tenant.tokens)) expect(keys).not.toContain(token);
    }
    expect(keys).not.toContain(DEFAULT_EMULATOR_TOKEN);
  });
});
