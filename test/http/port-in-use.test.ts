// A second `npm start` beside the first: one line naming the port and PORT, exit code 1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';

describe('start with the port in use', () => {
  it('prints one line naming the port and PORT, and exits 1', { timeout: 30_000 }, async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    onTestFinished(() => new Promise<void>((done) => taken.close(() => done())));
    const port = (taken.address() as AddressInfo).port;

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: `${__dirname}/../..`,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: 'off', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `Port ${port} (PORT) is already in use, by another process (a second \`npm start\`?): stop it, or set PORT to a free port, e.g. \`PORT=${port + 1} npm start\``,
    ]);
  });
});
