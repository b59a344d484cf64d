// Provider credentials per provider over real HTTP: `tenant` (the caller's tenant's token from
// TENANT_CREDENTIALS_FILE), `caller` (the caller's own `x-<p>-token`) and `service`. A missing
// credential is a WorkspaceAuthenticationError with nothing sent; a credential never reaches
// another provider, a response or a log line; every update writes one audit line.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMULATOR_TENANTS } from '../../src/emulator';
import { createLogger } from '../../src/server/logging/logger';
import { UPDATE_MUTATION, WORKSPACE_QUERY, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';
import { envName, providerAt, type ProviderFixture } from '../providers';

const EXAMPLE_CREDENTIALS = resolve(__dirname, '../../examples/tenant-credentials.json');
const ACME = EMULATOR_TENANTS.acme.tokens;
const GLOBEX = EMULATOR_TENANTS.globex.tokens;

/** Which provider runs in which mode does not matter: two on the tenant's token, two on the caller's, one on the service's. */
const [TENANT_A, TENANT_B, CALLER_A, CALLER_B, SERVICE] = [0, 1, 2, 3, 4].map((i) => providerAt(i)) as [
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
  ProviderFixture,
];
const CALLER_TOKEN = ACME[CALLER_A.provider];
const acmeOf = (f: ProviderFixture) => `Bearer ${ACME[f.provider]}`;
const globexOf = (f: ProviderFixture) => `Bearer ${GLOBEX[f.provider]}`;
/** How the provider refuses a workspace the token may not change (403, or its 404). */
const refusedAs = (f: ProviderFixture) => f.readOnly.refusedAs ?? 'WorkspacePermissionDeniedError';

let key: TestKey;
let jwks: JwksServer;
let stack: TestStack;
let credentialsFile: string;
const logLines: string[] = [];

beforeAll(async () => {
  key = await makeKey('ES256');
  jwks = await serveJwks([key]);
  credentialsFile = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
  copyFileSync(EXAMPLE_CREDENTIALS, credentialsFile);
  const sink = lineSink(logLines);
  stack = await startStack(
    {
      ...jwtEnv(jwks),
      TENANT_CREDENTIALS_FILE: credentialsFile,
      [envName(TENANT_A, 'CREDENTIALS')]: 'tenant',
      [envName(TENANT_B, 'CREDENTIALS')]: 'tenant',
      [envName(CALLER_A, 'CREDENTIALS')]: 'caller',
      [envName(CALLER_B, 'CREDENTIALS')]: 'caller',
      // SERVICE stays `service` (the default).
    },
    createLogger('info', sink),
  );
});

afterAll(async () => {
  await stack?.close();
  await jwks?.close();
});

beforeEach(() => {
  stack.emulator.reset();
  stack.emulator.clearRequests();
});

async function tokenFor(claims: Record<string, unknown>): Promise<string> {
  return signToken({ key, claims: { scope: 'workspaces:read workspaces:write', ...claims } });
}

async function update(input: Record<string, unknown>, headers: Record<string, string>) {
  const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(stack.url, UPDATE_MUTATION, { input }, headers);
  expect(response.body.errors).toBeUndefined();
  return response.body.data?.updateWorkspace as UpdateResult;
}

const authorizationOf = (f: ProviderFixture) =>
  stack.emulator.requests.filter((r) => r.provider === f.provider).map((r) => r.headers['authorization']);

describe('tenant credentials', () => {
  it("a caller of tenant acme updates acme's workspace with acme's token", async () => {
    const jwt = await tokenFor({ tenant: 'acme', sub: 'alice' });
    const result = await update(
      { id: TENANT_A.writable.id, ...TENANT_A.change(1) },
      { authorization: `Bearer ${jwt}` },
    );
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf(TENANT_A)).toEqual([acmeOf(TENANT_A)]);
  });

  it("the same workspace is refused to tenant globex by the provider: globex's token is sent, not acme's", async () => {
    const jwt = await tokenFor({ tenant: 'globex' });
    const result = await update(
      { id: TENANT_A.writable.id, ...TENANT_A.change(2) },
      { authorization: `Bearer ${jwt}` },
    );
    expect(result.__typename).toBe(refusedAs(TENANT_A));
    expect(authorizationOf(TENANT_A)).toEqual([globexOf(TENANT_A)]);
  });

  it("reads use the tenant token too: globex reads its own workspace and not acme's", async () => {
    const headers = { authorization: `Bearer ${await tokenFor({ tenant: 'globex' })}` };
    const own = await postGraphQL<{ workspace: { id: string } }>(
      stack.url,
      WORKSPACE_QUERY,
      { id: TENANT_B.otherWritable.id },
      headers,
    );
    expect(own.body.data?.workspace.id).toBe(TENANT_B.otherWritable.id);
    const other = await postGraphQL(stack.url, WORKSPACE_QUERY, { id: TENANT_B.writable.id }, headers);
    // Refused by the provider: FORBIDDEN, or null where its 404 also means "not yours".
    if (TENANT_B.readOnly.refusedAs) expect(other.body).toEqual({ data: { workspace: null } });
    else expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(authorizationOf(TENANT_B)).toEqual([globexOf(TENANT_B), globexOf(TENANT_B)]);
  });

  it('a tenant without a token for the provider: WorkspaceAuthenticationError, nothing sent', async () => {
    const jwt = await tokenFor({ tenant: 'initech' });
    const result = await update({ id: TENANT_A.writable.id, ...TENANT_A.rename }, { authorization: `Bearer ${jwt}` });
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: TENANT_A.enumValue });
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('a token without the tenant claim: WorkspaceAuthenticationError, nothing sent', async () => {
    for (const claims of [{}, { tenant: '' }, { tenant: ['acme'] }]) {
      const jwt = await tokenFor(claims);
      const result = await update({ id: TENANT_A.writable.id, ...TENANT_A.rename }, { authorization: `Bearer ${jwt}` });
      expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: TENANT_A.enumValue });
    }
    expect(calls(stack.emulator)).toEqual([]);
  });
});

describe('a reload of TENANT_CREDENTIALS_FILE during a request', () => {
  it('changes nothing for it: all its providers use the version it started with', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    // Two updates run one after the other; the first is slow, and the file is rotated (acme now
    // gets globex's tokens) and reloaded while it waits.
    stack.emulator.setLatency(300, TENANT_A.provider);
    try {
      const mutation = `mutation($first: UpdateWorkspaceInput!, $second: UpdateWorkspaceInput!) {
        first: updateWorkspace(input: $first) { __typename }
        second: updateWorkspace(input: $second) { __typename }
      }`;
      const pending = postGraphQL<{ first: UpdateResult; second: UpdateResult }>(
        stack.url,
        mutation,
        {
          first: { id: TENANT_A.writable.id, ...TENANT_A.change(1) },
          second: { id: TENANT_B.writable.id, ...TENANT_B.change(2) },
        },
        {
          authorization: `Bearer ${jwt}`,
        },
      );
      await vi.waitFor(() => expect(authorizationOf(TENANT_A)).toHaveLength(1));
      writeFileSync(credentialsFile, JSON.stringify({ acme: GLOBEX, globex: GLOBEX }));
      stack.subgraph.reloadTenantCredentials();
      const response = await pending;
      expect(response.body.data).toEqual({
        first: { __typename: 'UpdateWorkspaceSuccess' },
        second: { __typename: 'UpdateWorkspaceSuccess' },
      });
      expect(authorizationOf(TENANT_A)).toEqual([acmeOf(TENANT_A)]);
      expect(authorizationOf(TENANT_B)).toEqual([acmeOf(TENANT_B)]);
      // The next request reads the new version.
      stack.emulator.clearRequests();
      await update({ id: TENANT_B.writable.id, ...TENANT_B.change(3) }, { authorization: `Bearer ${jwt}` });
      expect(authorizationOf(TENANT_B)).toEqual([globexOf(TENANT_B)]);
    } finally {
      stack.emulator.setLatency(0, TENANT_A.provider);
      copyFileSync(EXAMPLE_CREDENTIALS, credentialsFile);
      stack.subgraph.reloadTenantCredentials();
    }
  });
});

describe('caller credentials (x-<p>-token)', () => {
  it("the caller's own token reaches its provider, and only that provider", async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const headers = {
      authorization: `Bearer ${jwt}`,
      [CALLER_A.tokenHeader]: CALLER_TOKEN,
      [TENANT_A.tokenHeader]: 'must-not-be-used',
    };
    const callers = await update({ id: CALLER_A.writable.id, ...CALLER_A.change(1) }, headers);
    expect(callers.__typename).toBe('UpdateWorkspaceSuccess');
    // TENANT_A is in tenant mode: the header offered for it is ignored.
    const tenants = await update({ id: TENANT_A.writable.id, ...TENANT_A.change(1) }, headers);
    expect(tenants.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf(CALLER_A)).toEqual([`Bearer ${CALLER_TOKEN}`]);
    expect(authorizationOf(TENANT_A)).toEqual([acmeOf(TENANT_A)]);
    for (const request of stack.emulator.requests) {
      expect(Object.keys(request.headers).filter((h) => h.startsWith('x-'))).toEqual([]);
      expect(JSON.stringify(request.headers)).not.toContain(jwt);
    }
  });

  it("one provider's header is never sent to another provider", async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const headers = { authorization: `Bearer ${jwt}`, [CALLER_A.tokenHeader]: CALLER_TOKEN };
    // CALLER_B is in caller mode too, but the caller sent no token in its header.
    const result = await update({ id: CALLER_B.writable.id, ...CALLER_B.change(1) }, headers);
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: CALLER_B.enumValue });
    expect(result.message).toContain(CALLER_B.tokenHeader);
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('an x-<p>-token sent twice, or with characters a token cannot have, counts as not sent', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const body = JSON.stringify({
      query: UPDATE_MUTATION,
      variables: { input: { id: CALLER_A.writable.id, ...CALLER_A.change(1) } },
    });
    /** A raw request: fetch() would join repeated headers itself. */
    const send = (token: string | string[]) =>
      new Promise<{ status: number; text: string }>((done, reject) => {
        const request = httpRequest(stack.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${jwt}`,
            [CALLER_A.tokenHeader]: token,
          },
        });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        });
        request.on('error', reject);
        request.end(body);
      });
    for (const token of [
      [CALLER_TOKEN, 'attacker-token'],
      [CALLER_TOKEN, CALLER_TOKEN],
      `${CALLER_TOKEN}, attacker-token`,
      `${CALLER_TOKEN},attacker-token`,
      `${CALLER_TOKEN} attacker-token`,
      `${CALLER_TOKEN}\u00e9`,
    ]) {
      const response = await send(token);
      expect(response.status).toBe(200);
      const result = (JSON.parse(response.text) as { data: { updateWorkspace: UpdateResult } }).data.updateWorkspace;
      expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: CALLER_A.enumValue });
      expect(result.message).toContain(`send it once in the ${CALLER_A.tokenHeader} header`);
    }
    expect(calls(stack.emulator)).toEqual([]);
    // Sent once, the same token goes through.
    const once = await send(CALLER_TOKEN);
    expect(once.text).toContain('UpdateWorkspaceSuccess');
    expect(authorizationOf(CALLER_A)).toEqual([`Bearer ${CALLER_TOKEN}`]);
  });

  it('a service provider keeps the service token whatever the caller sends', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const headers = { authorization: `Bearer ${jwt}`, [SERVICE.tokenHeader]: 'attacker-chosen' };
    const result = await update({ id: SERVICE.writable.id, ...SERVICE.change(1) }, headers);
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf(SERVICE)).toEqual([`Bearer ${stack.emulator.token}`]);
  });
});

describe('audit and secrecy', () => {
  it('one audit line per update: caller, tenant, workspace, provider, field names, result; no values, no secrets', async () => {
    logLines.length = 0;
    const jwt = await tokenFor({ tenant: 'acme', sub: 'auditor-7' });
    const headers = { authorization: `Bearer ${jwt}`, [CALLER_A.tokenHeader]: CALLER_TOKEN };
    const [secret, confidential] = [TENANT_A.change(7001), CALLER_A.change(7002)];
    await update({ id: TENANT_A.writable.id, ...secret }, headers);
    await update({ id: CALLER_A.writable.id, ...confidential }, headers);
    await update({ id: TENANT_A.otherWritable.id, ...TENANT_A.change(3) }, headers);
    const audit = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        sub: 'auditor-7',
        tenant: 'acme',
        workspaceId: TENANT_A.writable.id,
        provider: TENANT_A.provider,
        fields: Object.keys(secret),
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({
        sub: 'auditor-7',
        tenant: 'acme',
        workspaceId: CALLER_A.writable.id,
        provider: CALLER_A.provider,
        fields: Object.keys(confidential),
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({ workspaceId: TENANT_A.otherWritable.id, result: refusedAs(TENANT_A) }),
    ]);
    const everything = logLines.join('\n');
    for (const text of [
      jwt,
      CALLER_TOKEN,
      ACME[TENANT_A.provider],
      GLOBEX[TENANT_A.provider],
      stack.emulator.token,
      ...Object.values(secret),
      ...Object.values(confidential),
    ]) {
      expect(everything).not.toContain(text);
    }
  });

  it('an audit line also for updates refused before any call', async () => {
    logLines.length = 0;
    const jwt = await tokenFor({ tenant: 'acme', scope: 'workspaces:read' });
    await update({ id: TENANT_A.writable.id, ...TENANT_A.rename }, { authorization: `Bearer ${jwt}` });
    const audit = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        workspaceId: TENANT_A.writable.id,
        fields: Object.keys(TENANT_A.rename),
        result: 'WorkspacePermissionDeniedError',
      }),
    ]);
  });

  it.each(['error', 'silent'])('LOG_LEVEL=%s: the audit line is still written', async (level) => {
    const lines: string[] = [];
    const sink = lineSink(lines);
    const quiet = await startStack(jwtEnv(jwks), createLogger(level, sink));
    try {
      const jwt = await tokenFor({ tenant: 'acme', sub: 'quiet-auditor' });
      const response = await postGraphQL<{ updateWorkspace: UpdateResult }>(
        quiet.url,
        UPDATE_MUTATION,
        { input: { id: TENANT_A.writable.id, ...TENANT_A.rename } },
        { authorization: `Bearer ${jwt}` },
      );
      expect(response.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
    } finally {
      await quiet.close();
    }
    const audit = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        sub: 'quiet-auditor',
        tenant: 'acme',
        workspaceId: TENANT_A.writable.id,
        fields: Object.keys(TENANT_A.rename),
        result: 'UpdateWorkspaceSuccess',
      }),
    ]);
    // Nothing else at info made it through.
    expect(lines.length).toBe(audit.length + lines.filter((l) => /"level":(50|60)/.test(l)).length);
  });

  it('no credential appears in any response', async () => {
    const jwt = await tokenFor({ tenant: 'globex' });
    const headers = {
      authorization: `Bearer ${jwt}`,
      [CALLER_A.tokenHeader]: CALLER_TOKEN,
      [CALLER_B.tokenHeader]: ACME[CALLER_B.provider],
    };
    const texts: string[] = [];
    for (const [f, id] of [
      [TENANT_A, TENANT_A.writable.id],
      [CALLER_A, CALLER_A.otherWritable.id],
      [CALLER_B, CALLER_B.otherWritable.id],
      [TENANT_B, TENANT_B.writable.id],
    ] as const) {
      const response = await postGraphQL(stack.url, UPDATE_MUTATION, { input: { id, ...f.change(1) } }, headers);
      texts.push(JSON.stringify(response.body));
    }
    for (const secret of [jwt, CALLER_TOKEN, ...Object.values(GLOBEX), ...Object.values(ACME)]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
  });
});

/** A raw POST: fetch() would join repeated headers into one. */
function sendRaw(url: string, headers: Record<string, string | string[]>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((done, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the audit trail: request ids the server makes, and whose credential', () => {
  const parsed = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it("requestId is the server's, the caller's x-request-id is clientRequestId; each line says whose credential", async () => {
    logLines.length = 0;
    const jwt = await tokenFor({ tenant: 'acme', sub: 'auditor-8' });
    // The id of someone else's request, sent to pass this one off as it.
    const headers = {
      authorization: `Bearer ${jwt}`,
      [CALLER_A.tokenHeader]: CALLER_TOKEN,
      'x-request-id': 'victim-request-0001',
    };
    const answered: string[] = [];
    const inputs = [
      { id: TENANT_A.writable.id, ...TENANT_A.change(1) },
      { id: CALLER_A.writable.id, ...CALLER_A.change(1) },
      { id: SERVICE.writable.id, ...SERVICE.change(1) },
      { id: 'gitlab:x', name: 'Audited' },
    ];
    for (const input of inputs) {
      const response = await postGraphQL(stack.url, UPDATE_MUTATION, { input }, headers);
      answered.push(response.headers.get('x-request-id') ?? '');
    }
    const audit = parsed().filter((l) => l['audit'] === true);
    expect(audit.map((l) => [l['workspaceId'], l['credential'], l['tenant'], l['clientRequestId']])).toEqual([
      [TENANT_A.writable.id, 'tenant', 'acme', 'victim-request-0001'],
      [CALLER_A.writable.id, 'caller', 'acme', 'victim-request-0001'],
      [SERVICE.writable.id, 'service', 'acme', 'victim-request-0001'],
      ['gitlab:x', null, 'acme', 'victim-request-0001'],
    ]);
    // Each request its own id, made here; the response names it (x-request-id), never the caller's.
    const requestIds = audit.map((l) => l['requestId']);
    expect(requestIds).toEqual(answered);
    for (const requestId of requestIds) expect(requestId).toMatch(UUID);
    expect(new Set(requestIds).size).toBe(4);
    // The operation lines carry both too.
    const operations = parsed().filter((l) => l['msg'] === 'graphql operation');
    expect(operations.map((l) => [l['requestId'], l['clientRequestId']])).toEqual(
      requestIds.map((id) => [id, 'victim-request-0001']),
    );
    // Never a credential.
    const everything = logLines.join('\n');
    for (const secret of [jwt, CALLER_TOKEN, ACME[TENANT_A.provider], stack.emulator.token])
      expect(everything).not.toContain(secret);
  });

  it('an x-request-id that is not a sane, bounded id (or sent twice) is not logged: clientRequestId null', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const body = JSON.stringify({
      query: UPDATE_MUTATION,
      variables: { input: { id: TENANT_A.writable.id, ...TENANT_A.rename } },
    });
    for (const sent of ['a b', 'x'.repeat(129), '{"audit":true}', 'caf\u00e9', ['router-0001', 'router-0002']]) {
      logLines.length = 0;
      const response = await sendRaw(stack.url, { authorization: `Bearer ${jwt}`, 'x-request-id': sent }, body);
      expect(response.status).toBe(200);
      const audit = parsed().filter((l) => l['audit'] === true);
      expect(audit).toEqual([
        expect.objectContaining({ requestId: response.headers['x-request-id'], clientRequestId: null }),
      ]);
      expect(audit[0]?.['requestId']).toMatch(UUID);
    }
  });
});

describe('two Authorization headers', () => {
  it('are 401, whichever tokens they carry: neither is verified, nothing is sent', async () => {
    const writer = await tokenFor({ tenant: 'acme' });
    const reader = await tokenFor({ tenant: 'globex', scope: 'workspaces:read' });
    const body = JSON.stringify({
      query: UPDATE_MUTATION,
      variables: { input: { id: TENANT_A.writable.id, ...TENANT_A.rename } },
    });
    for (const pair of [
      [`Bearer ${writer}`, `Bearer ${reader}`],
      [`Bearer ${reader}`, `Bearer ${writer}`],
      [`Bearer ${writer}`, `Bearer ${writer}`],
    ]) {
      const response = await sendRaw(stack.url, { authorization: pair }, body);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(response.text)).toEqual({
        errors: [
          {
            message: 'Unauthenticated: more than one Authorization header was sent.',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    }
    expect(calls(stack.emulator)).toEqual([]);
    // Sent once, the same token updates.
    const once = await sendRaw(stack.url, { authorization: `Bearer ${writer}` }, body);
    expect(once.text).toContain('UpdateWorkspaceSuccess');
  });
});
