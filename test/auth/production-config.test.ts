// Unsafe production configurations do not start (issue 17, defects 3 and 9), run as operators run
// the subgraph (`src/server/main.ts`, configuration from the environment): under
// NODE_ENV=production, AUTH_MODE=jwt needs AUTH_ISSUER and AUTH_AUDIENCE (else a token another API
// of the identity provider was given would be accepted here), AUTH_MODE=off needs ROUTER_SECRET
// (else anyone on the network may call); NODE_ENV is production, development or test, nothing else
// (`Production` or `prod` used to start with development defaults: auth off, the emulator on).
// What does start is then checked over real HTTP.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTER_SECRET_HEADER } from '../../src/server/http/router-secret';
import { UPDATE_MUTATION, calls, postGraphQL, type UpdateResult } from '../integration/helpers';
import { jwtEnv, makeKey, serveJwks, signToken, type JwksServer, type TestKey } from '../support/jwt';
import { startStack, type TestStack } from '../support/stack';
import { providerAt } from '../providers';

const root = resolve(__dirname, '../..');
const SECRET = 'router-secret-for-tests-0123456789';

/**
 * Runs the subgraph with `env` (and nothing of the test's own auth settings): its exit code and
 * stderr when it refuses to start, or `started` (then stopped) when it starts.
 */
async function run(env: Record<string, string>): Promise<{ started: boolean; code: number | null; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', METRICS_PORT: 'off' };
  for (const name of Object.keys(base)) {
    if (/^(AUTH_|ROUTER_SECRET|NODE_ENV|WORKSPACE_EMULATOR)/.test(name)) delete base[name];
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const ready = new Promise<true>((done) =>
    createInterface({ input: child.stdout }).on('line', (line) => line.includes('"url"') && done(true)),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  try {
    const outcome = await Promise.race([exited, ready]);
    if (outcome === true) {
      child.kill('SIGTERM');
      await exited;
      return { started: true, code: null, stderr };
    }
    return { started: false, code: outcome, stderr };
  } finally {
    clearTimeout(killer);
  }
}

describe('under NODE_ENV=production the subgraph refuses to start', () => {
  const jwt = { NODE_ENV: 'production', AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json' };

  it.each([
    ['AUTH_MODE=jwt without AUTH_ISSUER and AUTH_AUDIENCE', jwt, /AUTH_ISSUER and AUTH_AUDIENCE must both be set/],
    [
      'AUTH_MODE=jwt without AUTH_AUDIENCE',
      { ...jwt, AUTH_ISSUER: 'https://idp.example/' },
      /AUTH_AUDIENCE must be set/,
    ],
    ['AUTH_MODE=jwt without AUTH_ISSUER', { ...jwt, AUTH_AUDIENCE: 'workspace-subgraph' }, /AUTH_ISSUER must be set/],
    ['AUTH_MODE=off without ROUTER_SECRET', { NODE_ENV: 'production', AUTH_MODE: 'off' }, /ROUTER_SECRET must be set/],
  ])(
    '%s, naming what is missing',
    async (_name, env, message) => {
      const outcome = await run(env);
      expect(outcome.started).toBe(false);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stderr).toContain('NODE_ENV=production');
    },
    30_000,
  );
});

describe('NODE_ENV other than production, development or test', () => {
  it.each(['Production', 'prod', 'PRODUCTION', 'staging'])(
    'NODE_ENV=%s refuses to start (no development defaults), naming NODE_ENV and its values',
    async (value) => {
      const outcome = await run({ NODE_ENV: value });
      expect(outcome.started).toBe(false);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('NODE_ENV must be one of production, development, test');
    },
    30_000,
  );

  it('NODE_ENV=development starts (the development defaults)', async () => {
    expect((await run({ NODE_ENV: 'development' })).started).toBe(true);
  }, 30_000);
});

describe('what production does start with, over HTTP', () => {
  let key: TestKey;
  let jwks: JwksServer;
  let withJwt: TestStack;
  let withRouter: TestStack;

  beforeAll(async () => {
    key = await makeKey('ES256');
    jwks = await serveJwks([key]);
    [withJwt, withRouter] = await Promise.all([
      // The JWKS on loopback http (allowed in production), the test issuer and audience.
      startStack({ NODE_ENV: 'production', ...jwtEnv(jwks) }),
      startStack({ NODE_ENV: 'production', AUTH_MODE: 'off', ROUTER_SECRET: SECRET }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withJwt?.close(), withRouter?.close()]);
    await jwks?.close();
  });

  const P = providerAt(0);
  const input = { id: P.writable.id, ...P.rename };

  it('AUTH_MODE=jwt: a token for another audience, from another issuer, is 401 (the review updated a workspace with one)', async () => {
    const scope = 'workspaces:read workspaces:write';
    for (const token of [
      await signToken({ key, aud: 'payments-api', claims: { scope } }),
      await signToken({ key, iss: 'https://other-issuer.example/', claims: { scope } }),
      await signToken({ key, aud: 'payments-api', iss: 'https://other-issuer.example/', claims: { scope } }),
    ]) {
      const response = await postGraphQL(withJwt.url, UPDATE_MUTATION, { input }, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
    expect(calls(withJwt.emulator)).toEqual([]);
    const ours = await signToken({ key, claims: { scope } });
    const updated = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      withJwt.url,
      UPDATE_MUTATION,
      { input },
      { authorization: `Bearer ${ours}` },
    );
    expect(updated.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
  });

  it('AUTH_MODE=off: only the router (x-router-secret) is served', async () => {
    expect((await postGraphQL(withRouter.url, UPDATE_MUTATION, { input })).status).toBe(401);
    expect(calls(withRouter.emulator)).toEqual([]);
    const updated = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      withRouter.url,
      UPDATE_MUTATION,
      { input },
      { [ROUTER_SECRET_HEADER]: SECRET },
    );
    expect(updated.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');
  });
});
