// The CLI prints a base URL per provider, the token hint and the tenant line, serves them, and exits on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATED_PROVIDERS } from '../../src/emulator';

const root = resolve(__dirname, '../..');
const tsx = resolve(root, 'node_modules/tsx/dist/cli.mjs');
/** One export line per provider, then the token hint and the tenant line. */
const N = EMULATED_PROVIDERS.length;
let child: ChildProcess | undefined;

// SIGTERM, not SIGKILL: tsx relays it to the node process running the CLI, which a SIGKILL to
// the tsx parent would leave running (an orphan emulator on every test run).
afterEach(async () => {
  const running = child;
  child = undefined;
  if (!running || running.exitCode !== null) return;
  const exited = once(running, 'exit');
  running.kill('SIGTERM');
  const timer = setTimeout(() => running.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
});

function startCli(env: Record<string, string>): { proc: ChildProcess; lines: Promise<string[]> } {
  const proc = spawn(process.execPath, [tsx, 'src/emulator/main.ts'], {
    cwd: root,
    env: { ...process.env, EMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  const lines = new Promise<string[]>((done, fail) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const all = out.split('\n');
      if (all.length > N + 2) done(all.slice(0, N + 2));
    });
    proc.once('exit', (code) => fail(new Error(`exited early with ${code}: ${out}`)));
  });
  return { proc, lines };
}

describe('emulator CLI', () => {
  it('prints the base URLs, serves them and exits cleanly on SIGTERM', async () => {
    const { proc, lines } = startCli({ EMULATOR_TOKEN: 'cli-secret' });
    const out = await lines;
    expect(out.slice(0, N).map((l) => /^export (\w+)=/.exec(l)?.[1])).toEqual(
      EMULATED_PROVIDERS.map((p) => `${p.toUpperCase()}_BASE_URL`),
    );
    // A chosen token is not printed: the lines set only the base URLs.
    expect(out[0]).toMatch(/^export BLAXEL_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/blaxel\/v0$/);
    expect(out).toContainEqual(
      expect.stringMatching(/^export TERRAFORM_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/terraform\/api\/v2$/),
    );
    for (const p of EMULATED_PROVIDERS) expect(out[N]).toContain(`${p.toUpperCase()}_API_TOKEN`);
    expect(out[N]).not.toContain('cli-secret');
    expect(out[N + 1]).toContain('<tenant>-<provider>-token');
    expect(out[N + 1]).toContain('acme, globex');
    expect(out[N + 1]).toContain('examples/tenant-credentials.json');
    expect(out[N + 1]).not.toContain('cli-secret');

    const vertraLine = out.find((l) => l.startsWith('export VERTRA_BASE_URL=')) as string;
    const vertra = vertraLine.slice('export VERTRA_BASE_URL='.length);
    const res = await fetch(`${vertra}/workspaces/org123`, { headers: { authorization: 'Bearer cli-secret' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { response: { id: string } }).response.id).toBe('org123');

    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('prints the default token, which is public, on each export line', async () => {
    const { lines } = startCli({ EMULATOR_TOKEN: '' });
    const out = await lines;
    EMULATED_PROVIDERS.forEach((p, i) => {
      const name = p.toUpperCase();
      expect(out[i]).toMatch(new RegExp(`^export ${name}_BASE_URL=http://\\S+ ${name}_API_TOKEN=emulator-token$`));
    });
    expect(out[N]).toContain("'emulator-token'");
  });

  it('names EMULATOR_PORT when its port is taken, in one line, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const port = (taken.address() as AddressInfo).port;
      const proc = spawn(process.execPath, [tsx, 'src/emulator/main.ts'], {
        cwd: root,
        env: { ...process.env, EMULATOR_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = await once(proc, 'exit');
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^emulator: port ${port} is already in use .*EMULATOR_PORT=${port + 1}`)),
      ]);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
