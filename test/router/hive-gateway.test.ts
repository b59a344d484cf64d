// The documented router, end to end: the real Hive Gateway CLI with examples/router/hive-gateway.config.ts
// in front of this subgraph (AUTH_MODE=jwt, one provider on the tenant's credentials, another on the
// caller's own token), the example teams subgraph and the emulator, all on loopback. A recording
// proxy between the gateway and each subgraph shows what the gateway lets through (and that the
// teams subgraph never sees a credential); the emulator shows which credential each provider call
// carried. Keys are made here; the JWKS is served on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTeamsSubgraph } from '../../examples/teams-subgraph/teams-subgraph';
import { composeSupergraph, repositorySubgraphs } from '../../scripts/compose';
import { PROVIDER_NAMES } from '../../src/domain/provider';
import { UPDATE_MUTATION, WORKSPACE_QUERY, postGraphQL, type UpdateResult } from '../integration/helpers';
import {
  jwtEnv,
  makeKey,
  serveJwks,
  signToken,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type JwksServer,
  type TestKey,
} from '../support/jwt';
import { startHiveGateway, startRecordingProxy, type HiveGateway, type RecordingProxy } from '../support/hive-gateway';
import { startStack, type TestStack } from '../support/stack';
import { EMULATOR_TENANTS } from '../../src/emulator';
import { envName, fixtureOfId, providerWith, seedOf, type ProviderFixture } from '../providers';

// examples/ is outside tsconfig.json's include: this type-only re-export puts the config under
// `tsc -p tsconfig.json` (the gateway itself loads it without checking types).
export type { gatewayConfig } from '../../examples/router/hive-gateway.config';

const root = resolve(__dirname, '..', '..');
const GATEWAY_CONFIG = resolve(root, 'examples/router/hive-gateway.config.ts');
const TENANT_CREDENTIALS_FILE = resolve(root, 'examples/tenant-credentials.json');

/**
 * Two providers whose workspaces the teams store are acme's (so acme's credentials read them all):
 * TENANT on the tenant's credentials (it answers another tenant's workspace with its 403), CALLER
 * on the caller's own token. Chosen once the teams subgraph has said what it stores.
 */
let TENANT: ProviderFixture;
let CALLER: ProviderFixture;
let ACME_TENANT_TOKEN: string;
let ACME_CALLER_TOKEN: string;
const callOf = (f: ProviderFixture, method: string, path: string, authorization: string) =>
  `${f.provider} ${method} ${path} ${authorization}`;

// ---------------------------------------------------------------------------------------------
// The stack
// ---------------------------------------------------------------------------------------------

let key: TestKey;
let jwks: JwksServer;
let stack: TestStack;
let teams: { url: string; stop: () => Promise<void> };
let proxy: RecordingProxy;
let teamsProxy: RecordingProxy;
let gateway: HiveGateway;
let tempDir: string | undefined;
/** The workspace ids each team stores, as the teams subgraph itself answers. */
let stored: { id: string; workspaces: { id: string }[] }[];

beforeAll(async () => {
  key = await makeKey('RS256');
  jwks = await serveJwks([key]);
  teams = await startTeamsSubgraph(0);
  const own = await postGraphQL<{ teams: typeof stored }>(teams.url, '{ teams { id workspaces { id } } }');
  stored = own.body.data?.teams ?? [];
  const storedSeeds = stored.flatMap((t) => t.workspaces.map((w) => w.id)).filter((id) => seedOf(id));
  const acmes = (f: ProviderFixture) =>
    storedSeeds.filter((id) => fixtureOfId(id) === f).every((id) => EMULATOR_TENANTS.acme.workspaces.includes(id));
  TENANT = providerWith(
    "whose stored workspaces are acme's and which answers 403",
    (f) => acmes(f) && !f.readOnly.refusedAs,
  );
  CALLER = providerWith("another whose stored workspaces are acme's", (f) => acmes(f) && f !== TENANT);
  ACME_TENANT_TOKEN = `Bearer ${EMULATOR_TENANTS.acme.tokens[TENANT.provider]}`;
  ACME_CALLER_TOKEN = EMULATOR_TENANTS.acme.tokens[CALLER.provider];
  stack = await startStack({
    ...jwtEnv(jwks),
    [envName(TENANT, 'CREDENTIALS')]: 'tenant',
    TENANT_CREDENTIALS_FILE,
    [envName(CALLER, 'CREDENTIALS')]: 'caller',
  });
  proxy = await startRecordingProxy(stack.url);
  teamsProxy = await startRecordingProxy(teams.url);
  const composed = composeSupergraph(repositorySubgraphs({ workspaces: proxy.url, teams: teamsProxy.url }));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  tempDir = mkdtempSync(join(tmpdir(), 'hive-gateway-'));
  const supergraphFile = join(tempDir, 'supergraph.graphql');
  writeFileSync(supergraphFile, composed.supergraphSdl);
  gateway = await startHiveGateway(supergraphFile, GATEWAY_CONFIG, {
    JWKS_URL: jwks.url,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
  });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await proxy?.close();
  await teamsProxy?.close();
  await teams?.stop();
  await stack?.close();
  await jwks?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

beforeEach(() => {
  stack.emulator.reset();
  proxy.requests.length = 0;
  teamsProxy.requests.length = 0;
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const WRITE = 'workspaces:read workspaces:write';

async function tokenFor(scope: string, tenant = 'acme'): Promise<string> {
  return signToken({ key, claims: { scope, tenant } });
}

function throughGateway<TData = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  // graphql-response+json: the gateway answers a refusal with its HTTP status (401), not 200.
  return postGraphQL<TData>(gateway.url, query, variables, { accept: 'application/graphql-response+json', ...headers });
}

const update = (input: Record<string, unknown>, headers: Record<string, string>) =>
  throughGateway<{ updateWorkspace: UpdateResult }>(UPDATE_MUTATION, { input }, headers);

/** Provider calls the emulator received, with the credential each carried. */
const providerCalls = () =>
  stack.emulator.requests.map((r) => `${r.provider} ${r.method} ${r.path} ${String(r.headers['authorization'])}`);

/** Operations that reached this subgraph through the gateway. */
const subgraphOperations = () => proxy.requests.map((r) => JSON.parse(r.body) as { query: string });

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('refused at the gateway: the subgraph is never called', () => {
  it('no token: 401 from the gateway', async () => {
    const response = await update({ id: TENANT.writable.id, ...TENANT.rename }, {});
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.map((e) => e.message)).toEqual(['Unauthenticated']);
    expect(proxy.requests).toEqual([]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('updateWorkspace without workspaces:write: UNAUTHORIZED_FIELD_OR_TYPE, which only the gateway produces', async () => {
    const token = await tokenFor('workspaces:read');
    const response = await update({ id: TENANT.writable.id, ...TENANT.rename }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toMatchObject([
      { path: ['updateWorkspace'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
    ]);
    // The subgraph would have answered WorkspacePermissionDeniedError (200) itself; it was not asked.
    expect(subgraphOperations()).toEqual([]);
    expect(stack.emulator.requests).toEqual([]);
  });

  it('workspace(id) without workspaces:read', async () => {
    const token = await tokenFor('workspaces:write');
    const response = await throughGateway(
      WORKSPACE_QUERY,
      { id: TENANT.writable.id },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(401);
    expect(response.body.errors).toMatchObject([
      { path: ['workspace'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
    ]);
    expect(subgraphOperations()).toEqual([]);
    expect(stack.emulator.requests).toEqual([]);
  });
});

describe('let through: the subgraph verifies the same token and picks the credential', () => {
  it("updateWorkspace with workspaces:write and tenant acme: the provider is called with acme's credential", async () => {
    const token = await tokenFor(WRITE, 'acme');
    const response = await update(
      { id: TENANT.writable.id, ...TENANT.rename },
      { authorization: `Bearer ${token}`, 'x-request-id': 'router-test-0001' },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.updateWorkspace).toMatchObject({
      __typename: 'UpdateWorkspaceSuccess',
      workspace: { id: TENANT.writable.id, ...TENANT.rename },
    });
    // One operation reached the subgraph, carrying the caller's JWT for it to verify again.
    expect(proxy.requests).toHaveLength(1);
    expect(subgraphOperations()[0]?.query).toContain('updateWorkspace');
    expect(proxy.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-request-id': 'router-test-0001',
    });
    // The tenant's credential went upstream; the JWT went no further than the subgraph.
    expect(providerCalls()).toContain(callOf(TENANT, TENANT.updateMethod, TENANT.writable.path, ACME_TENANT_TOKEN));
    expect(stack.emulator.requests.every((r) => r.headers['authorization'] === ACME_TENANT_TOKEN)).toBe(true);
    expect(JSON.stringify(stack.emulator.requests)).not.toContain(token);
  });

  it("the same acme token on globex's workspace: the emulator's 403, WorkspacePermissionDeniedError", async () => {
    const token = await tokenFor(WRITE, 'acme');
    const response = await update(
      { id: TENANT.otherWritable.id, ...TENANT.rename },
      { authorization: `Bearer ${token}` },
    );
    expect(response.status).toBe(200);
    expect(response.body.data?.updateWorkspace).toMatchObject({
      __typename: 'WorkspacePermissionDeniedError',
      provider: TENANT.enumValue,
    });
    expect(response.body.data?.updateWorkspace.message).not.toContain('workspaces:write');
    expect(proxy.requests).toHaveLength(1);
    // The provider itself refused: the call was made, with acme's credential, and nothing changed.
    expect(stack.emulator.requests.length).toBeGreaterThan(0);
    expect(
      providerCalls().every((call) => call.startsWith(`${TENANT.provider} `) && call.endsWith(` ${ACME_TENANT_TOKEN}`)),
    ).toBe(true);
  });

  it("a caller-mode provider: the client's x-<p>-token reaches it through the gateway", async () => {
    const token = await tokenFor('workspaces:read', 'acme');
    const { id, path, name } = CALLER.writable;
    const response = await throughGateway<{ workspace: { id: string; name: string } }>(
      WORKSPACE_QUERY,
      { id },
      { authorization: `Bearer ${token}`, [CALLER.tokenHeader]: ACME_CALLER_TOKEN },
    );
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.workspace).toMatchObject({ id, name });
    expect(proxy.requests[0]?.headers[CALLER.tokenHeader]).toBe(ACME_CALLER_TOKEN);
    expect(providerCalls()).toEqual([callOf(CALLER, 'GET', path, `Bearer ${ACME_CALLER_TOKEN}`)]);
  });

  it('without its x-<p>-token the subgraph has no credential for the caller-mode provider and calls nothing', async () => {
    const token = await tokenFor('workspaces:read', 'acme');
    const response = await throughGateway(
      WORKSPACE_QUERY,
      { id: CALLER.writable.id },
      { authorization: `Bearer ${token}` },
    );
    expect(proxy.requests).toHaveLength(1);
    expect(JSON.stringify(response.body)).toContain(CALLER.tokenHeader);
    expect(stack.emulator.requests).toEqual([]);
  });

  it("every provider's x-<p>-token header is forwarded, and no other client header", async () => {
    const token = await tokenFor('workspaces:read', 'acme');
    const providerHeaders = Object.fromEntries(PROVIDER_NAMES.map((p) => [`x-${p}-token`, `${p}-from-client`]));
    await throughGateway(
      WORKSPACE_QUERY,
      { id: CALLER.writable.id },
      { authorization: `Bearer ${token}`, cookie: 'session=secret', 'x-unrelated': 'no', ...providerHeaders },
    );
    expect(proxy.requests).toHaveLength(1);
    expect(proxy.requests[0]?.headers).toMatchObject(providerHeaders);
    expect(proxy.requests[0]?.headers).not.toHaveProperty('cookie');
    expect(proxy.requests[0]?.headers).not.toHaveProperty('x-unrelated');
  });
});

describe('credentials go to the Workspace subgraph only', () => {
  it('a query across both subgraphs: the teams subgraph gets no Authorization and no x-<p>-token', async () => {
    const token = await tokenFor('workspaces:read', 'acme');
    const providerHeaders = {
      ...Object.fromEntries(PROVIDER_NAMES.map((p) => [`x-${p}-token`, `${p}-from-client`])),
      // CALLER is in caller mode here: its workspaces resolve with the caller's own token.
      [CALLER.tokenHeader]: ACME_CALLER_TOKEN,
    };
    const response = await throughGateway(
      '{ teams { id workspaces { id name } } }',
      {},
      { authorization: `Bearer ${token}`, 'x-request-id': 'router-test-0002', ...providerHeaders },
    );
    expect(response.status).toBe(200);
    // Both subgraphs were asked: the teams subgraph for the teams, this one for their workspaces.
    expect(teamsProxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.length).toBeGreaterThan(0);
    for (const request of teamsProxy.requests) {
      const credentialHeaders = Object.keys(request.headers).filter(
        (name) => name === 'authorization' || /^x-.*-token$/.test(name),
      );
      expect(credentialHeaders).toEqual([]);
      expect(JSON.stringify(request.headers)).not.toContain(token);
      // Correlation still reaches every subgraph.
      expect(request.headers['x-request-id']).toBe('router-test-0002');
    }
    for (const request of proxy.requests) {
      expect(request.headers).toMatchObject({ authorization: `Bearer ${token}`, ...providerHeaders });
    }
  });
});

/**
 * Hive Gateway handles a null entity otherwise than @apollo/gateway (test/federation/gateway.test.ts):
 * it keeps the reference's stub and resolves `name` on it, so a stale item comes back null WITH
 * the gateway's own masked error. What tells stale from failing there is who reported the error:
 * a failing provider's error comes from this subgraph (its code, `serviceName: "workspaces"`); the
 * stale one only from the gateway. The README says so.
 */
describe('stale references and failing providers through Hive Gateway', () => {
  type Teams = { teams: { id: string; workspaces: ({ id: string } | null)[] }[] };
  type Errors = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  const query = '{ teams { id workspaces { id name } } }';
  const headers = async () => ({
    authorization: `Bearer ${await tokenFor('workspaces:read', 'acme')}`,
    [CALLER.tokenHeader]: ACME_CALLER_TOKEN,
  });
  /** Where each stored id sits: [team index, item index, id]. */
  const positions = () => stored.flatMap((team, t) => team.workspaces.map(({ id }, w) => [t, w, id] as const));

  it("a stale reference: null, with only the gateway's own error (no code of this subgraph, no serviceName)", async () => {
    const stale = positions().filter(([, , id]) => !seedOf(id));
    expect(stale.length).toBeGreaterThan(0);
    const response = await throughGateway<Teams>(query, {}, await headers());
    const errors = (response.body.errors ?? []) as Errors;
    // A stale reference: the provider has no such workspace.
    for (const [t, w] of stale) expect(response.body.data?.teams[t]?.workspaces[w]).toBeNull();
    expect(errors).toHaveLength(stale.length);
    expect(errors.map((e) => e.path)).toEqual(stale.map(([t, w]) => ['teams', t, 'workspaces', w, 'name']));
    for (const error of errors) {
      expect(error.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
      expect(error.extensions).not.toHaveProperty('serviceName');
    }
  });

  it("a failing provider: null, with this subgraph's error (PROVIDER_ERROR, serviceName workspaces)", async () => {
    // The provider of a stored seed, other than the caller-mode one.
    const [, , failingId] = positions().find(([, , id]) => seedOf(id) && fixtureOfId(id) !== CALLER) ?? [];
    if (!failingId) throw new Error('no team stores a seed of another provider');
    const failing = fixtureOfId(failingId);
    stack.emulator.injectFault(failing.provider, { status: 500, times: Infinity });
    const response = await throughGateway<Teams>(query, {}, await headers());
    const errors = (response.body.errors ?? []) as Errors;
    for (const [t, w, id] of positions()) {
      if (fixtureOfId(id) === failing) expect(response.body.data?.teams[t]?.workspaces[w]).toBeNull();
    }
    const fromSubgraph = errors.filter((e) => e.extensions?.['serviceName'] === 'workspaces');
    expect(fromSubgraph.length).toBeGreaterThan(0);
    for (const error of fromSubgraph) {
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_ERROR', provider: failing.enumValue, status: 500 });
    }
  });
});
