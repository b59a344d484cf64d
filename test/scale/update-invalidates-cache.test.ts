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
import { envName, providerAt, type ProviderFixture } from '../providers';

/** One provider on the tenant's credentials, one on the caller's (any two). */
const [TENANT, CALLER] = [providerAt(0), providerAt(1)];

let key: TestKey;
let jwks: JwksServer;
let redis: { url: string; stop(): Promise<void> };
let stack: TestStack;

/**
 * The example tenants, and `operations`, whose token for TENANT (the emulator's main one) sees
 * every workspace: acme and operations read and change the same one, each with its own credential.
 */
function tenantsFile(): string {
  const examples = JSON.parse(
    readFileSync(resolve(__dirname, '../../examples/tenant-credentials.json'), 'utf8'),
  ) as Record<string, Record<string, string>>;
  const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
  writeFileSync(file, JSON.stringify({ ...examples, operations: { [TENANT.provider]: DEFAULT_EMULATOR_TOKEN } }));
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

async function bearer(claims: Record<string, unknown>): Promise<Record<string, string>> {
  const jwt = await signToken({ key, claims: { scope: 'workspaces:read workspaces:write', ...claims } });
  return { authorization: `Bearer ${jwt}` };
}

/** The field a change of the provider sets, and the value it sets it to. */
const changed = (f: ProviderFixture, n: number) => Object.entries(f.change(n))[0] as ['name', string];

/** What `headers`' credential reads of the field the provider's changes set. */
async function fieldOf(f: ProviderFixture, id: string, headers: Record<string, string>) {
  const response = await postGraphQL<{ workspace: Record<string, string | null> | null }>(
    stack.url,
    WORKSPACE_QUERY,
    { id },
    headers,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data?.workspace?.[changed(f, 0)[0]];
}

async function changeAs(f: ProviderFixture, id: string, n: number, headers: Record<string, string>): Promise<void> {
  const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(
    stack.url,
    UPDATE_MUTATION,
    { input: { id, ...f.change(n) } },
    headers,
  );
  expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
}

const gets = (path: string) => calls(stack.emulator).filter((call) => call === `GET ${path}`).length;

describe("an update invalidates every credential's cached reads (REDIS_URL)", () => {
  it('two tenants read the same workspace; one updates it; the other reads the new value', async () => {
    const acme = await bearer({ tenant: 'acme' });
    const operations = await bearer({ tenant: 'operations', sub: 'operator-1' });
    const { id, path } = TENANT.writable;
    const [, value] = changed(TENANT, 1);
    const before = await fieldOf(TENANT, id, acme);
    expect(before).not.toBe(value);
    expect(await fieldOf(TENANT, id, acme)).toBe(before);
    expect(await fieldOf(TENANT, id, operations)).toBe(before);
    // Each credential's read was cached: two GETs for three reads, then none.
    expect(gets(path)).toBe(2);
    expect(await fieldOf(TENANT, id, acme)).toBe(before);
    expect(await fieldOf(TENANT, id, operations)).toBe(before);
    expect(gets(path)).toBe(2);

    await changeAs(TENANT, id, 1, operations);
    expect(await fieldOf(TENANT, id, acme)).toBe(value);
    expect(await fieldOf(TENANT, id, operations)).toBe(value);
    expect(gets(path)).toBe(4);
    // Cached again, under the new version.
    expect(await fieldOf(TENANT, id, acme)).toBe(value);
    expect(gets(path)).toBe(4);
  });

  it("two callers' own tokens (caller mode): one updates, the other reads the new value", async () => {
    const { id, path } = CALLER.writable;
    const [, value] = changed(CALLER, 2);
    const main = { ...(await bearer({})), [CALLER.tokenHeader]: DEFAULT_EMULATOR_TOKEN };
    const acme = { ...(await bearer({})), [CALLER.tokenHeader]: EMULATOR_TENANTS.acme.tokens[CALLER.provider] };
    const before = await fieldOf(CALLER, id, acme);
    expect(before).not.toBe(value);
    expect(await fieldOf(CALLER, id, main)).toBe(before);
    expect(await fieldOf(CALLER, id, acme)).toBe(before);
    expect(gets(path)).toBe(2);

    await changeAs(CALLER, id, 2, acme);
    expect(await fieldOf(CALLER, id, main)).toBe(value);
    expect(await fieldOf(CALLER, id, acme)).toBe(value);
  });

  it('the read versions are in Redis under the URL alone: no credential', () => {
    const keys = execFileSync('redis-cli', ['-u', redis.url, '--raw', 'keys', `*${READ_VERSION_PREFIX}*`], {
      encoding: 'utf8',
    });
    expect(keys).toContain(`${READ_VERSION_PREFIX}${stack.emulator.baseUrls[TENANT.provider]}${TENANT.writable.path}`);
    for (const tenant of Object.values(EMULATOR_TENANTS)) {
      for (const token of Object.values(tenant.tokens)) expect(keys).not.toContain(token);
    }
    expect(keys).not.toContain(DEFAULT_EMULATOR_TOKEN);
  });
});
