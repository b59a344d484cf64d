// Load generation (autocannon's programmatic API) and latency statistics. Latencies are taken
// from autocannon's per-response events (float milliseconds) rather than its histogram, which
// keeps whole milliseconds only: too coarse for sub-millisecond upstream calls.
import autocannon from 'autocannon';
import { round } from './processes';

export interface HttpTarget {
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** A short run first whose results are dropped (JIT, pools, caches). */
  warmupSeconds?: number;
  /** Requests per second over all connections; open-ended when unset. */
  overallRate?: number;
  /**
   * CPU-time readers (ms) of the processes involved, read before and after the measured run:
   * gives each one's CPU ms per request.
   */
  cpu?: Record<string, () => number>;
}

export interface LoadResult {
  /** Mean requests per second over the measured run (completed responses). */
  rps: number;
  /** CPU time per request (user + system) of each process measured, e.g. server, emulator, loadgen. */
  cpuMsPerRequest: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  connections: number;
  durationSeconds: number;
  overallRate?: number;
}

export async function runLoad(target: HttpTarget, options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds) {
    await cannon(target, { connections: options.connections, durationSeconds: options.warmupSeconds }, () => {});
  }
  const latencies: number[] = [];
  const readers = { ...options.cpu, loadgen: ownCpuMs };
  const before = Object.fromEntries(Object.entries(readers).map(([name, read]) => [name, read()]));
  const result = await cannon(target, options, (ms) => latencies.push(ms));
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(readers).map(([name, read]) => [
      name,
      round((read() - (before[name] ?? 0)) / Math.max(1, result.requests.total), 3),
    ]),
  );
  const seconds = result.duration;
  return {
    rps: round(result.requests.total / seconds, 0),
    cpuMsPerRequest,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    connections: options.connections,
    durationSeconds: round(seconds, 1),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  };
}

/** One autocannon run; `onResponse` gets each response's time in (float) milliseconds. */
function cannon(
  target: HttpTarget,
  options: LoadOptions,
  onResponse: (ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        ...(target.body !== undefined ? { body: target.body } : {}),
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: 10,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      },
      (error: unknown, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime));
  });
}

/** This (load generator) process's CPU time in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Nearest-rank percentile; NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Sends one request and returns the status and the parsed JSON body (for pre-flight checks). */
export async function sendOnce(target: HttpTarget): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    ...(target.body !== undefined ? { body: target.body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the error message
  }
  return { status: response.status, json, ms };
}
