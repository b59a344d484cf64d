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
import { createLogger } from '../../src/server/logger';
import { UPDATE_MUTATION, WORKSPACE_QUERY, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { lineSink } from '../support/log-lines';
import { startStack, type TestStack } from '../support/stack';

const EXAMPLE_CREDENTIALS = resolve(__dirname, '../../examples/tenant-credentials.json');
const ACME = EMULATOR_TENANTS.acme.tokens;
const GLOBEX = EMULATOR_TENANTS.globex.tokens;
const CALLER_TOKEN = 'acme-altostrat-token';

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
      VERTRA_CREDENTIALS: 'tenant',
      BLAXEL_CREDENTIALS: 'tenant',
      ALTOSTRAT_CREDENTIALS: 'caller',
      DREADNODE_CREDENTIALS: 'caller',
      // Flashback stays `service` (the default).
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

const authorizationOf = (provider: string) =>
  stack.emulator.requests.filter((r) => r.provider === provider).map((r) => r.headers['authorization']);

describe('tenant credentials', () => {
  it("a caller of tenant acme updates acme's workspace with acme's token", async () => {
    const jwt = await tokenFor({ tenant: 'acme', sub: 'alice' });
    const result = await update({ id: 'vertra:org123', name: 'Acme Research' }, { authorization: `Bearer ${jwt}` });
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf('vertra')).toEqual([`Bearer ${ACME.vertra}`]);
  });

  it("the same workspace is refused to tenant globex by the provider: globex's token is sent, not acme's", async () => {
    const jwt = await tokenFor({ tenant: 'globex' });
    const result = await update({ id: 'vertra:org123', name: 'Taken over' }, { authorization: `Bearer ${jwt}` });
    expect(result.__typename).toBe('WorkspacePermissionDeniedError');
    expect(authorizationOf('vertra')).toEqual([`Bearer ${GLOBEX.vertra}`]);
  });

  it("reads use the tenant token too: globex reads its own workspace and not acme's", async () => {
    const headers = { authorization: `Bearer ${await tokenFor({ tenant: 'globex' })}` };
    const own = await postGraphQL<{ workspace: { id: string } }>(
      stack.url,
      WORKSPACE_QUERY,
      { id: 'blaxel:staging' },
      headers,
    );
    expect(own.body.data?.workspace.id).toBe('blaxel:staging');
    const other = await postGraphQL(stack.url, WORKSPACE_QUERY, { id: 'blaxel:my-workspace' }, headers);
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(authorizationOf('blaxel')).toEqual([`Bearer ${GLOBEX.blaxel}`, `Bearer ${GLOBEX.blaxel}`]);
  });

  it('a tenant without a token for the provider: WorkspaceAuthenticationError, nothing sent', async () => {
    const jwt = await tokenFor({ tenant: 'initech' });
    const result = await update({ id: 'vertra:org123', name: 'x' }, { authorization: `Bearer ${jwt}` });
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'VERTRA' });
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('a token without the tenant claim: WorkspaceAuthenticationError, nothing sent', async () => {
    for (const claims of [{}, { tenant: '' }, { tenant: ['acme'] }]) {
      const jwt = await tokenFor(claims);
      const result = await update({ id: 'vertra:org123', name: 'x' }, { authorization: `Bearer ${jwt}` });
      expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'VERTRA' });
    }
    expect(calls(stack.emulator)).toEqual([]);
  });
});

describe('a reload of TENANT_CREDENTIALS_FILE during a request', () => {
  it('changes nothing for it: all its providers use the version it started with', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    // Two updates run one after the other; the first (Vertra) is slow, and the file is rotated
    // (acme now gets globex's tokens) and reloaded while it waits.
    stack.emulator.setLatency(300, 'vertra');
    try {
      const mutation = `mutation {
        first: updateWorkspace(input: { id: "vertra:org123", name: "First" }) { __typename }
        second: updateWorkspace(input: { id: "blaxel:my-workspace", displayName: "Second" }) { __typename }
      }`;
      const pending = postGraphQL<{ first: UpdateResult; second: UpdateResult }>(
        stack.url,
        mutation,
        {},
        {
          authorization: `Bearer ${jwt}`,
        },
      );
      await vi.waitFor(() => expect(authorizationOf('vertra')).toHaveLength(1));
      writeFileSync(credentialsFile, JSON.stringify({ acme: GLOBEX, globex: GLOBEX }));
      stack.subgraph.reloadTenantCredentials();
      const response = await pending;
      expect(response.body.data).toEqual({
        first: { __typename: 'UpdateWorkspaceSuccess' },
        second: { __typename: 'UpdateWorkspaceSuccess' },
      });
      expect(authorizationOf('vertra')).toEqual([`Bearer ${ACME.vertra}`]);
      expect(authorizationOf('blaxel')).toEqual([`Bearer ${ACME.blaxel}`]);
      // The next request reads the new version.
      stack.emulator.clearRequests();
      await update({ id: 'blaxel:my-workspace', displayName: 'Third' }, { authorization: `Bearer ${jwt}` });
      expect(authorizationOf('blaxel')).toEqual([`Bearer ${GLOBEX.blaxel}`]);
    } finally {
      stack.emulator.setLatency(0, 'vertra');
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
      'x-altostrat-token': CALLER_TOKEN,
      'x-vertra-token': 'must-not-be-used',
    };
    const altostrat = await update({ id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'Mine' }, headers);
    expect(altostrat.__typename).toBe('UpdateWorkspaceSuccess');
    // Vertra is in tenant mode: the header offered for it is ignored.
    const vertra = await update({ id: 'vertra:org123', name: 'Acme' }, headers);
    expect(vertra.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf('altostrat')).toEqual([`Bearer ${CALLER_TOKEN}`]);
    expect(authorizationOf('vertra')).toEqual([`Bearer ${ACME.vertra}`]);
    for (const request of stack.emulator.requests) {
      expect(Object.keys(request.headers).filter((h) => h.startsWith('x-'))).toEqual([]);
      expect(JSON.stringify(request.headers)).not.toContain(jwt);
    }
  });

  it("one provider's header is never sent to another provider", async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const headers = { authorization: `Bearer ${jwt}`, 'x-altostrat-token': CALLER_TOKEN };
    // Dreadnode is in caller mode too, but the caller sent no x-dreadnode-token.
    const result = await update({ id: 'dreadnode:acme/research', name: 'Research' }, headers);
    expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'DREADNODE' });
    expect(result.message).toContain('x-dreadnode-token');
    expect(calls(stack.emulator)).toEqual([]);
  });

  it('an x-<p>-token sent twice, or with characters a token cannot have, counts as not sent', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const body = JSON.stringify({
      query: UPDATE_MUTATION,
      variables: { input: { id: 'altostrat:ws_a1b2c3d4e5f6g7h8', name: 'Ambiguous' } },
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
            'x-altostrat-token': token,
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
      expect(result).toMatchObject({ __typename: 'WorkspaceAuthenticationError', provider: 'ALTOSTRAT' });
      expect(result.message).toMatch(/send it once in the x-altostrat-token header/);
    }
    expect(calls(stack.emulator)).toEqual([]);
    // Sent once, the same token goes through.
    const once = await send(CALLER_TOKEN);
    expect(once.text).toContain('UpdateWorkspaceSuccess');
    expect(authorizationOf('altostrat')).toEqual([`Bearer ${CALLER_TOKEN}`]);
  });

  it('a service provider keeps the service token whatever the caller sends', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const headers = { authorization: `Bearer ${jwt}`, 'x-flashback-token': 'attacker-chosen' };
    const result = await update({ id: 'flashback:123e4567-e89b-12d3-a456-426614174000', name: 'Flash' }, headers);
    expect(result.__typename).toBe('UpdateWorkspaceSuccess');
    expect(authorizationOf('flashback')).toEqual([`Bearer ${stack.emulator.token}`]);
  });
});

describe('audit and secrecy', () => {
  it('one audit line per update: caller, tenant, workspace, provider, field names, result; no values, no secrets', async () => {
    logLines.length = 0;
    const jwt = await tokenFor({ tenant: 'acme', sub: 'auditor-7' });
    const headers = { authorization: `Bearer ${jwt}`, 'x-altostrat-token': CALLER_TOKEN };
    await update({ id: 'vertra:org123', name: 'Secret Project Name', tags: ['hush'] }, headers);
    await update({ id: 'altostrat:ws_a1b2c3d4e5f6g7h8', description: 'Confidential words' }, headers);
    await update({ id: 'vertra:org456', name: 'Not ours' }, headers);
    const audit = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        sub: 'auditor-7',
        tenant: 'acme',
        workspaceId: 'vertra:org123',
        provider: 'vertra',
        fields: ['name', 'tags'],
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({
        sub: 'auditor-7',
        tenant: 'acme',
        workspaceId: 'altostrat:ws_a1b2c3d4e5f6g7h8',
        provider: 'altostrat',
        fields: ['description'],
        result: 'UpdateWorkspaceSuccess',
      }),
      expect.objectContaining({ workspaceId: 'vertra:org456', result: 'WorkspacePermissionDeniedError' }),
    ]);
    const everything = logLines.join('\n');
    for (const secret of [
      jwt,
      CALLER_TOKEN,
      ACME.vertra,
      GLOBEX.vertra,
      stack.emulator.token,
      'Secret Project Name',
      'hush',
      'Confidential words',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('an audit line also for updates refused before any call', async () => {
    logLines.length = 0;
    const jwt = await tokenFor({ tenant: 'acme', scope: 'workspaces:read' });
    await update({ id: 'vertra:org123', name: 'x' }, { authorization: `Bearer ${jwt}` });
    const audit = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l['audit'] === true);
    expect(audit).toEqual([
      expect.objectContaining({
        workspaceId: 'vertra:org123',
        fields: ['name'],
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
        { input: { id: 'vertra:org123', name: 'Quietly' } },
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
        workspaceId: 'vertra:org123',
        fields: ['name'],
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
      'x-altostrat-token': CALLER_TOKEN,
      'x-dreadnode-token': 'acme-dreadnode-token',
    };
    const texts: string[] = [];
    for (const id of [
      'vertra:org123',
      'altostrat:ws_q9r8s7t6u5v4w3x2',
      'dreadnode:acme/platform',
      'blaxel:my-workspace',
    ]) {
      const response = await postGraphQL(stack.url, UPDATE_MUTATION, { input: { id, name: 'x' } }, headers);
      texts.push(JSON.stringify(response.body));
    }
    for (const secret of [
      jwt,
      CALLER_TOKEN,
      'acme-dreadnode-token',
      ...Object.values(GLOBEX),
      ...Object.values(ACME),
    ]) {
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
      'x-altostrat-token': CALLER_TOKEN,
      'x-request-id': 'victim-request-0001',
    };
    const answered: string[] = [];
    for (const id of [
      'vertra:org123',
      'altostrat:ws_a1b2c3d4e5f6g7h8',
      'flashback:123e4567-e89b-12d3-a456-426614174000',
      'gitlab:x',
    ]) {
      const response = await postGraphQL(stack.url, UPDATE_MUTATION, { input: { id, name: 'Audited' } }, headers);
      answered.push(response.headers.get('x-request-id') ?? '');
    }
    const audit = parsed().filter((l) => l['audit'] === true);
    expect(audit.map((l) => [l['workspaceId'], l['credential'], l['tenant'], l['clientRequestId']])).toEqual([
      ['vertra:org123', 'tenant', 'acme', 'victim-request-0001'],
      ['altostrat:ws_a1b2c3d4e5f6g7h8', 'caller', 'acme', 'victim-request-0001'],
      ['flashback:123e4567-e89b-12d3-a456-426614174000', 'service', 'acme', 'victim-request-0001'],
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
    for (const secret of [jwt, CALLER_TOKEN, ACME.vertra, stack.emulator.token])
      expect(everything).not.toContain(secret);
  });

  it('an x-request-id that is not a sane, bounded id (or sent twice) is not logged: clientRequestId null', async () => {
    const jwt = await tokenFor({ tenant: 'acme' });
    const body = JSON.stringify({ query: UPDATE_MUTATION, variables: { input: { id: 'vertra:org123', name: 'x' } } });
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
      variables: { input: { id: 'vertra:org123', name: 'Twice' } },
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
