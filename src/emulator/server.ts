// The emulator's HTTP server: mounts each twin of the registry under its prefix and the control
// API under /__emulator. All state lives in the instance, so several can run in one process.
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTROL_PREFIX, type ControlTarget, handleControl } from './control';
import { FaultBook, performFault } from './faults';
import { bearerToken, classifyBody, readBody, recordedBody, send, splitUrl } from './http';
import { createProviderApis, EMULATED, type EmulatedProvider, extraIdsOf } from './providers/registry';
import { type EmulatorTwin, MAX_EXTRA_WORKSPACES } from './providers/twin';
import { accessControl, EMULATOR_TENANTS } from './tenants';
import { DEFAULT_EMULATOR_TOKEN, type Emulator, type EmulatorOptions, type RecordedRequest } from './types';

function checkLatency(ms: number): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError('latency must be a non-negative number of milliseconds');
  }
}

function checkExtraWorkspaces(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_EXTRA_WORKSPACES) {
    throw new TypeError(`extra workspaces must be an integer from 0 to ${MAX_EXTRA_WORKSPACES}`);
  }
}

/** Epoch ms with sub-millisecond precision: recorded requests are timed with it. */
const preciseNow = (): number => performance.timeOrigin + performance.now();

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Which provider a raw path belongs to, and the rest of the path after its prefix. */
function matchProvider(
  twins: readonly EmulatorTwin<EmulatedProvider>[],
  path: string,
): { provider: EmulatedProvider; rest: string } | undefined {
  for (const { name, prefix } of twins) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return { provider: name, rest: path.slice(prefix.length) };
  }
  return undefined;
}

/** Serves every twin of the registry. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return serveTwins(EMULATED, options);
}

/**
 * Serves these twins (the registry's, or in tests one more made up there); the typings know only the
 * registry's names. `options.tenants` must give a token for each twin.
 */
export async function serveTwins(twins: readonly EmulatorTwin[], options: EmulatorOptions = {}): Promise<Emulator> {
  const served = twins as readonly EmulatorTwin<EmulatedProvider>[];
  const providers = served.map((twin) => twin.name);
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? DEFAULT_EMULATOR_TOKEN;
  // Static: built once from the options, untouched by reset().
  const accessOf = accessControl(token, options.tenants ?? EMULATOR_TENANTS, served);
  const startLatency = options.latencyMs ?? 0;
  checkLatency(startLatency);

  const startExtraWorkspaces = options.extraWorkspaces ?? 0;
  checkExtraWorkspaces(startExtraWorkspaces);
  let extraWorkspaces = startExtraWorkspaces;
  const apis = createProviderApis(served, () => extraWorkspaces);
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  let latency: Record<EmulatedProvider, number> = latencyForAll(startLatency);
  // Aborted by close(): pending delays stop waiting instead of answering a dead socket. Each
  // delayed call listens to it, and a batch keeps dozens in flight: no listener limit.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);

  function latencyForAll(ms: number): Record<EmulatedProvider, number> {
    return Object.fromEntries(providers.map((p) => [p, ms])) as Record<EmulatedProvider, number>;
  }

  /** false when the emulator closed while waiting. */
  async function wait(ms: number): Promise<boolean> {
    if (ms <= 0) return !closing.signal.aborted;
    try {
      await sleep(ms, undefined, { signal: closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  async function handleProvider(
    req: IncomingMessage,
    res: ServerResponse,
    provider: EmulatedProvider,
    rest: string,
  ): Promise<void> {
    const receivedAt = preciseNow();
    const method = (req.method ?? 'GET').toUpperCase();
    const body = classifyBody(await readBody(req), req.headers['content-type']);
    const recorded: RecordedRequest = {
      provider,
      method,
      path: rest,
      rawUrl: req.url ?? '',
      headers: { ...req.headers },
      body: recordedBody(body),
      receivedAt,
    };
    requests.push(recorded);
    // Answered, reset, or abandoned by the client (a hang): the call is no longer in flight.
    res.once('close', () => {
      recorded.answeredAt = preciseNow();
    });

    if (!(await wait(latency[provider]))) return;
    const fault = faults.take(provider, method);
    if (fault) {
      if (!(await wait(fault.delayMs ?? 0))) return;
      if (performFault(req, res, fault)) return;
    }

    const reply = apis[provider].handle({
      ...accessOf(provider, bearerToken(req.headers.authorization)),
      method,
      segments: rest === '' ? [] : rest.slice(1).split('/'),
      headers: req.headers,
      body,
    });
    send(res, reply.status, reply.body, { ...reply.headers, ...fault?.headers });
  }

  function reset(): void {
    extraWorkspaces = startExtraWorkspaces;
    for (const api of Object.values(apis)) api.reset();
    faults.clear();
    requests.length = 0;
    latency = latencyForAll(startLatency);
  }

  function setExtraWorkspaces(count: number): Record<EmulatedProvider, string[]> {
    checkExtraWorkspaces(count);
    extraWorkspaces = count;
    for (const api of Object.values(apis)) api.reset();
    return extraIdsOf(served, count);
  }

  function setLatency(ms: number, provider?: EmulatedProvider): void {
    checkLatency(ms);
    if (provider === undefined) latency = latencyForAll(ms);
    else latency[provider] = ms;
  }

  let baseUrls = {} as Record<EmulatedProvider, string>; // known once listening
  const control: ControlTarget = {
    providers,
    faults,
    requests,
    setLatency,
    latency: () => ({ ...latency }),
    setExtraWorkspaces,
    reset,
    health: () => ({ status: 'ok', baseUrls }),
  };

  const server = createServer((req, res) => {
    const { path } = splitUrl(req.url ?? '/');
    let work: Promise<void>;
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      work = handleControl(req, res, path.slice(CONTROL_PREFIX.length), control);
    } else {
      const match = matchProvider(served, path);
      work = match
        ? handleProvider(req, res, match.provider, match.rest)
        : readBody(req).then(() => send(res, 404, { error: 'not_found', message: `No emulated provider at ${path}` }));
    }
    // A bug or an aborted request must never take the process down.
    work.catch((err: unknown) => {
      send(res, 500, { error: 'emulator_error', message: err instanceof Error ? err.message : String(err) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  baseUrls = Object.fromEntries(served.map((twin) => [twin.name, `${url}${twin.prefix}`])) as Record<
    EmulatedProvider,
    string
  >;

  let closed: Promise<void> | undefined;
  return {
    url,
    baseUrls,
    token,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    injectFault: (provider, fault) => faults.add(provider, fault),
    clearFaults: () => faults.clear(),
    setLatency,
    setExtraWorkspaces,
    reset,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        // Hanging responses and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
