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

const root = resolve(__dirname, '../..');
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
const run = promisify(execFile);

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
    // acme starts with globex's Vertra token: the provider refuses acme's own workspace.
    writeFileSync(file, JSON.stringify({ acme: { vertra: EMULATOR_TENANTS.globex.tokens.vertra } }));
    subgraph = await startSubgraphProcess({
      VERTRA_BASE_URL: emulator.baseUrls.vertra,
      AUTH_MODE: 'jwt',
      AUTH_JWKS_FILE: writeJwksFile([key]),
      VERTRA_CREDENTIALS: 'tenant',
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
      { id: 'vertra:org123' },
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

    writeFileSync(file, JSON.stringify({ acme: { vertra: EMULATOR_TENANTS.acme.tokens.vertra } }));
    const during = Array.from({ length: 40 }, () => readAsAcme());
    await hangUp();
    const answers = await Promise.all(during);
    // Every request in flight was answered (with the old or the new credential), none dropped.
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data?.workspace?.id ?? answer.body.errors?.[0]?.extensions?.['code']).toMatch(
        /^(vertra:org123|FORBIDDEN)$/,
      );
    }
    expect((await readAsAcme()).body.data?.workspace?.id).toBe('vertra:org123');
    expect(subgraph.child.exitCode).toBeNull();
  });

  it('a file that no longer parses keeps the previous credentials', async () => {
    writeFileSync(file, '{"acme": {"vertra": ');
    await hangUp();
    expect((await readAsAcme()).body.data?.workspace?.id).toBe('vertra:org123');
    expect(subgraph.child.exitCode).toBeNull();
  });

  // Checked as at start: a reload that would make every tenant call fail is not taken.
  it.each([
    ['{}', '{}', /names no tenant, and VERTRA_CREDENTIALS=tenant/],
    [
      'a misspelt provider',
      JSON.stringify({ acme: { vertraa: EMULATOR_TENANTS.acme.tokens.vertra } }),
      /unknown provider at acme\.vertraa: the providers are .*vertra/,
    ],
    [
      'not an object of objects of strings',
      JSON.stringify({ acme: [EMULATOR_TENANTS.acme.tokens.vertra] }),
      /wrong at acme/,
    ],
    ['not JSON', '{"acme": {"vertra": ', /is not valid JSON \(line 1, column 21\)/],
  ])(
    'a reload of %s is refused: the previous credentials are kept, the error logged',
    async (_what, content, reason) => {
      const before = subgraph.lines.length;
      writeFileSync(file, content);
      await hangUp();
      expect((await readAsAcme()).body.data?.workspace?.id).toBe('vertra:org123');
      const refusal = () =>
        subgraph.lines
          .slice(before)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => String(line['msg']).startsWith('Tenant credentials not reloaded'));
      await expect.poll(refusal).toMatchObject({ level: 50, reason: expect.stringMatching(reason), tenants: 1 });
      expect(subgraph.lines.slice(before).join('\n')).not.toContain(EMULATOR_TENANTS.acme.tokens.vertra);
      expect(subgraph.child.exitCode).toBeNull();
    },
  );
});

describe('TENANT_CREDENTIALS_FILE at start, checked as a reload is', () => {
  it.each([
    ['{}', '{}', /TENANT_CREDENTIALS_FILE: .*names no tenant, and VERTRA_CREDENTIALS=tenant/],
    [
      'a misspelt provider',
      JSON.stringify({ acme: { vertraa: EMULATOR_TENANTS.acme.tokens.vertra } }),
      /TENANT_CREDENTIALS_FILE: .*unknown provider at acme\.vertraa: the providers are .*vertra/,
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
          VERTRA_CREDENTIALS: 'tenant',
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
      expect(stderr + stdout).not.toContain(EMULATOR_TENANTS.acme.tokens.vertra);
    },
    30_000,
  );
});

describe('SIGHUP while starting', () => {
  it('does not kill the process: the file is re-read once started', async () => {
    const key = await makeKey('ES256');
    const file = join(mkdtempSync(join(tmpdir(), 'tenants-')), 'tenants.json');
    writeFileSync(file, JSON.stringify({ acme: { vertra: EMULATOR_TENANTS.acme.tokens.vertra } }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        AUTH_MODE: 'jwt',
        AUTH_JWKS_FILE: writeJwksFile([key]),
        VERTRA_CREDENTIALS: 'tenant',
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
      { input: { id: 'vertra:org123', name: 'From the dev token' } },
      { authorization: `Bearer ${writer}` },
    );
    expect(ok.body.data?.updateWorkspace.__typename).toBe('UpdateWorkspaceSuccess');

    const reader = await token('--tenant', 'acme', '--scope', 'workspaces:read');
    const refused = await postGraphQL<{ updateWorkspace: UpdateResult }>(
      subgraph.url,
      UPDATE_MUTATION,
      { input: { id: 'vertra:org123', name: 'x' } },
      { authorization: `Bearer ${reader}` },
    );
    expect(refused.body.data?.updateWorkspace.__typename).toBe('WorkspacePermissionDeniedError');

    expect((await postGraphQL(subgraph.url, WORKSPACE_QUERY, { id: 'vertra:org123' })).status).toBe(401);
  }, 30_000);
});
