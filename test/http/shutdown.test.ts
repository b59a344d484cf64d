import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { providerAt } from '../providers';

const root = resolve(__dirname, '..', '..');
/** The provider whose update is in flight at the signal (any). */
const P = providerAt(0);

/** Starts `src/server/main.ts` as `npm start` would (embedded emulator) and waits for its URLs. */
async function startProcess() {
  const child = spawn(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const urls = await new Promise<{ url: string; emulator: string }>((resolveUrls, reject) => {
    let emulator = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      // Logs are JSON lines; anything else would be a stray console write, worth seeing.
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        entry = { unstructured: line };
      }
      logs.push(entry);
      if (typeof entry['emulator'] === 'string') emulator = entry['emulator'];
      if (typeof entry['url'] === 'string') resolveUrls({ url: entry['url'], emulator });
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, logs, exited, ...urls };
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the in-flight request, then exits 0', { timeout: 30_000 }, async () => {
    const { child, exited, url, emulator, logs } = await startProcess();
    onTestFinished(() => void child.kill('SIGKILL'));
    // Make the upstream slow, so a request is in flight when the signal comes.
    await fetch(`${emulator}/__emulator/latency`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1500 }),
    });
    const inFlight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename } }',
        variables: { input: { id: P.writable.id, ...P.rename } },
      }),
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { updateWorkspace: { __typename: 'UpdateWorkspaceSuccess' } } });
    expect(await exited).toBe(0);
    expect(logs.some((l) => l['msg'] === 'Shutting down: finishing in-flight requests')).toBe(true);
    expect(logs.filter((l) => 'unstructured' in l)).toEqual([]);
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });

  it(
    'on SIGTERM, no log line is lost: every in-flight update’s audit line is on stdout before exit',
    { timeout: 30_000 },
    async () => {
      const { child, exited, url, emulator, logs } = await startProcess();
      onTestFinished(() => void child.kill('SIGKILL'));
      await fetch(`${emulator}/__emulator/latency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 800 }),
      });
      // Many updates in flight at the signal: their audit and request lines are written in the last
      // milliseconds before the process exits, while earlier writes are still on their way out.
      const count = 40;
      const updates = Array.from({ length: count }, (_, i) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: 'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { __typename } }',
            variables: { input: { id: P.writable.id, description: `line ${i} ${'x'.repeat(100)}` } },
          }),
        }).then((r) => r.status),
      );
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      expect(await Promise.all(updates)).toEqual(updates.map(() => 200));
      expect(await exited).toBe(0);
      expect(logs.filter((l) => l['audit'] === true)).toHaveLength(count);
      expect(logs.filter((l) => l['msg'] === 'graphql operation')).toHaveLength(count);
    },
  );
});
