// The process as operators run it: production refuses to start without AUTH_MODE; SIGHUP re-reads
// TENANT_CREDENTIALS_FILE without a restart and without dropping requests; `npm run token` makes a
// JWT that `npm start` accepts with the development key while the emulator serves every provider.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_TENANTS, startEmulator, type Emulator } from '../../src/emulator';
import { UPDATE_MUTATION, WORKSPACE_QUERY, postGraphQL, type UpdateResult } from '../integration/helpers';
import { makeKey, signToken, writeJwksFile, type TestKey } from '../support/jwt';
import { startSubgraphProcess, type SubgraphProcess } from '../support/processes';
import { envName, providerAt, providerWith } from '../providers';

const root = resolve(__dirname, '../..');
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
const run = promisify(execFile);

/** A provider on the tenant's credentials that answers a workspace the token may not see with its 403. */
const P = providerWith('that answers 403 to what the token may not see', (f) => !f.readOnly.refusedAs);
const ID = P.writable.id;
const CREDENTIALS = envName(P, 'CREDENTIALS');
const ACME_TOKEN = EMULATOR_TENANTS.acme.tokens[P.provider];
/** A tenant file giving acme `token` for P; TRUNCATED: one cut short (not JSON). */
const tenantFile = (token: string) => JSON.stringify({ acme: { [P.provider]: token } });
const TRUNCATED = `{"acme": {"${P.provider}": `;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('NODE_ENV=production without AUTH_MODE', () => {
  it('refuses to start, naming AUTH_MODE', async () => {
    // AUTH_MODE absent, not empty: the refusal must come from the production rule, whatever the
    // environment the tests run in.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1' };
    delete env['AUTH_MODE'];
    // One process (tsx as a hook), so that the kill below reaches the subgraph should it start.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const started = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    clearTimeout(started);
    expect(code).toBe(1);
    expect(stderr).toContain('AUTH_MODE must be set under NODE_ENV=production');
  }, 30_000);
});

describe('SIGHUP re-reads TENANT_CREDENTIALS_FILE', () => {
  let emulator: Emulator;
  let key: TestKey;
  let subgraph: SubgraphProcess;
  let file: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    key = await makeKey('ES256');
    file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
    // acme starts with globex's token: the provider refuses acme's own workspace.
    writeFileSync(file, tenantFile(EMULATOR_TENANTS.globex.tokens[P.provider]));
    subgraph = await startSubgraphProcess({
      [envName(P, 'BASE_URL')]: emulator.baseUrls[P.provider],
      AUTH_MODE: 'jwt',
      AUTH_JWKS_FILE: writeJwksFile([key]),
      [CREDENTIALS]: 'tenant',
      TENANT_CREDENTIALS_FILE: file,
    });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await emulator?.close();
  });

  const readAsAcme = async () => {
    const jwt = await signToken({ key, claims: { tenant: 'acme', scope: 'workspaces:read' } });
    return postGraphQL<{ workspace: { id: string } | null }>(
      subgraph.url,
      WORKSPACE_QUERY,
      { id: ID },
      {
        authorization: `Bearer ${jwt}`,
      },
    );
  };

  const hangUp = async () => {
    subgraph.child.kill('SIGHUP');
    // The reload is synchronous in the signal handler; give the event loop a moment to run it.
    await new Promise((done) => setTimeout(done, 200));
  };

  it('takes a rotated token without a restart, while requests keep being answered', async () => {
    expect((await readAsAcme()).body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    writeFileSync(file, tenantFile(ACME_TOKEN));
    const during = Array.from({ length: 40 }, () => readAsAcme());
    await hangUp();
    const answers = await Promise.all(during);
    // Every request in flight was answered (with the old or the new credential), none dropped.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect([ID, 'FORBIDDEN']).toContain(
        answer.body.data?.workspace?.id ?? answer.body.errors?.[0]?.extensions?.['code'],
      );
    }
    expect((await readAsAcme()).body.data?.workspace?.id).toBe(ID);
    expect(subgraph.child.exitCode).toBeNull();
  });

  it('a file that no longer parses keeps the previous credentials', async () => {
    writeFileSync(file, TRUNCATED);
    await hangUp();
    expect((await readAsAcme()).body.data?.workspace?.id).toBe(ID);
    expect(subgraph.child.exitCode).toBeNull();
  });

  // Checked as at start: a reload that would make every tenant call fail is not taken.
  it.each([
    ['{}', '{}', new RegExp(`names no tenant, and ${CREDENTIALS}=tenant`)],
    [
      'a misspelt provider',
      JSON.stringify({ acme: { [`${P.provider}a`]: ACME_TOKEN } }),
      new RegExp(`unknown provider at acme\\.${P.provider}a: the providers are .*${P.provider}`),
    ],
    ['not an object of objects of strings', JSON.stringify({ acme: [ACME_TOKEN] }), /wrong at acme/],
    ['not JSON', TRUNCATED, new RegExp(escaped(`is not valid JSON (line 1, column ${TRUNCATED.length + 1})`))],
  ])(
    'a reload of %s is refused: the previous credentials are kept, the error logged',
    async (_what, content, reason) => {
      const before = subgraph.lines.length;
      writeFileSync(file, content);
      await hangUp();
      expect((await readAsAcme()).body.data?.workspace?.id).toBe(ID);
      const refusal = () =>
        subgraph.lines
          .slice(before)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => String(line['msg']).startsWith('Tenant credentials not reloaded'));
      await expect.poll(refusal).toMatchObject({ level: 50, reason: expect.stringMatching(reason), tenants: 1 });
      expect(subgraph.lines.slice(before).join('\n')).not.toContain(ACME_TOKEN);
      expect(subgraph.child.exitCode).toBeNull();
    },
  );
});

describe('TENANT_CREDENTIALS_FILE at start, checked as a reload is', () => {
  it.each([
    ['{}', '{}', new RegExp(`TENANT_CREDENTIALS_FILE: .*names no tenant, and ${CREDENTIALS}=tenant`)],
    [
      'a misspelt provider',
      JSON.stringify({ acme: { [`${P.provider}a`]: ACME_TOKEN } }),
      new RegExp(
        `TENANT_CREDENTIALS_FILE: .*unknown provider at acme\\.${P.provider}a: the providers are .*${P.provider}`,
      ),
    ],
  ])(
    '%s: refuses to start, saying why',
    async (_what, content, reason) => {
      const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
      writeFileSync(file, content);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          AUTH_MODE: 'jwt',
          AUTH_JWKS_FILE: writeJwksFile([await makeKey('ES256')]),
          [CREDENTIALS]: 'tenant',
          TENANT_CREDENTIALS_FILE: file,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const started = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((done) => child.once('exit', done));
      clearTimeout(started);
      expect(code).toBe(1);
      expect(stderr).toMatch(reason);
      expect(stdout).not.toContain('"url"');
      expect(stderr + stdout).not.toContain(ACME_TOKEN);
    },
    30_000,
  );
});

describe('SIGHUP while starting', () => {
  it('does not kill the process: the file is re-read once started', async () => {
    const key = await makeKey('ES256');
    const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
    writeFileSync(file, tenantFile(ACME_TOKEN));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        AUTH_MODE: 'jwt',
        AUTH_JWKS_FILE: writeJwksFile([key]),
        [CREDENTIALS]: 'tenant',
        TENANT_CREDENTIALS_FILE: file,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const lines: string[] = [];
    let hangUps: NodeJS.Timeout | undefined;
    try {
      const ready = await new Promise<boolean>((done) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          // The first line is logged while starting (the tenant file was read): from then on,
          // SIGHUP after SIGHUP until the subgraph says it is ready.
          hangUps ??= setInterval(() => child.kill('SIGHUP'), 2);
          if (line.includes('"url"')) done(true);
        });
        void exited.then(() => done(false));
      });
      clearInterval(hangUps);
      expect(ready).toBe(true);
      expect(lines.findIndex((line) => line.includes('"url"'))).toBeGreaterThan(0);
      // The reload deferred to the end of the start-up (and those of the signals sent after it).
      await expect.poll(() => lines.some((line) => line.includes('Tenant credentials reloaded'))).toBe(true);
      expect(child.exitCode).toBeNull();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      clearInterval(hangUps);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('npm run token with the development key (emulator only)', () => {
  /** Any provider: the emulator serves them all. */
  const DEV = providerAt(0);
  let subgraph: SubgraphProcess;

  beforeAll(async () => {
    subgraph = await startSubgraphProcess({ AUTH_MODE: 'jwt' });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
  });

  const token = async (...args: string[]) =>
    (await run(process.execPath, [tsx, 'scripts/token.ts', ...args], { cwd: root })).stdout.trim();

  it('a token for tenant acme with the write scope updates; one without it is refused', async () => {
    const writer = await token('--tenant', 'acme', '--scope', 'workspaces:read workspaces:write');
    const ok = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      subgraph.url,
      UPDATE_MUTATION,
      { input: { id: DEV.writable.id, ...DEV.rename } },
      { authorization: `Bearer ${writer}` },
    );
    expect(ok.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');

    const reader = await token('--tenant', 'acme', '--scope', 'workspaces:read');
    const refused = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      subgraph.url,
      UPDATE_MUTATION,
      { input: { id: DEV.writable.id, ...DEV.change(1) } },
      { authorization: `Bearer ${reader}` },
    );
    expect(refused.body.data?.updateWorkspace.__typename).toBe('WorkspacePermissionDeniedError');

    expect((await postGraphQL(subgraph.url, WORKSPACE_QUERY, { id: DEV.writable.id })).status).toBe(401);
  }, 30_000);
});
