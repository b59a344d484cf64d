// The real Hive Gateway CLI as a child process, and a recording proxy to put between it and a
// subgraph (gateway -> proxy -> subgraph), which shows what the gateway let through.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './processes';

const root = resolve(__dirname, '..', '..');
const GATEWAY_BIN = resolve(root, 'node_modules/@graphql-hive/gateway/dist/bin.js');

// ---------------------------------------------------------------------------------------------
// A recording proxy
// ---------------------------------------------------------------------------------------------

export interface SubgraphRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  url: string;
  requests: SubgraphRequest[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** Forwards every request to `target`, recording its headers and body first. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: SubgraphRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      const headers = Object.entries(req.headers).flatMap(([name, value]) =>
        HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
      );
      const method = req.method ?? 'GET';
      fetch(target, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body })
        .then(async (upstream) => {
          const text = await upstream.text();
          const kept = [...upstream.headers].filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding');
          res.writeHead(upstream.status, Object.fromEntries(kept)).end(text);
        })
        .catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The gateway CLI
// ---------------------------------------------------------------------------------------------

export interface HiveGateway {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `hive-gateway supergraph <file> -c <config>` on a free loopback port; resolves once GET /readiness
 * answers 200 (the supergraph is loaded), which takes a few seconds (TypeScript config, plugins).
 * The config file must export `gatewayConfig`.
 */
export async function startHiveGateway(
  supergraphFile: string,
  configFile: string,
  env: Record<string, string> = {},
): Promise<HiveGateway> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let output = '';
    const child: ChildProcess = spawn(
      process.execPath,
      [GATEWAY_BIN, 'supergraph', supergraphFile, '--port', String(port), '--host', '127.0.0.1', '-c', configFile],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    // Should this test process end without afterAll, the gateway goes with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const stop = async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    };
    const deadline = Date.now() + 45_000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      const ready = await fetch(`http://127.0.0.1:${port}/readiness`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) {
        return {
          url: `http://127.0.0.1:${port}/graphql`,
          output: () => output,
          stop,
        };
      }
      await sleep(50);
    }
    await stop();
    // Another process may have taken the port between freePort() and the gateway's listen().
    if (attempt < 3 && output.includes('EADDRINUSE')) continue;
    throw new Error(`hive-gateway did not become ready (exit ${child.exitCode ?? child.signalCode}):\n${output}`);
  }
}
